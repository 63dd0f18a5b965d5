namespace ChatHub.Inference.ModelStage;

/// <summary>What the hub knows about a person, for the model's tools (the hub wires it to its identity map).</summary>
public interface IPersonDirectory
{
    /// <summary>The platforms (channel names) linked to the person, their current one included.</summary>
    ValueTask<IReadOnlyList<string>> GetLinkedPlatformsAsync(string personId, CancellationToken cancellationToken);
}
