namespace ChatHub.Inference.ModelStage;

/// <summary>Where tool calls are recorded besides the log (the hub wires its audit log).</summary>
public interface IToolAuditSink
{
    ValueTask RecordAsync(ToolCallRecord record, CancellationToken cancellationToken);
}
