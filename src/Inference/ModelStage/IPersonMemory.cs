namespace ChatHub.Inference.ModelStage;

/// <summary>The model's <c>remember</c> tool writes through this (the hub wires it to its memory service).</summary>
public interface IPersonMemory
{
    /// <summary>Keeps <paramref name="fact"/> for the person; returns what to tell the model (kept, known already, full, refused).</summary>
    ValueTask<string> RememberAsync(string personId, string platform, string fact, CancellationToken cancellationToken);
}
