namespace ChatHub.Inference.Abstractions;

/// <summary>Where a reply came from; carried on every response under <see cref="ChatHubResponseProperties.SourceKey"/>.</summary>
public static class ReplySources
{
    /// <summary>The hot-question cache answered.</summary>
    public const string Cache = "cache";

    /// <summary>The Markdown knowledge base answered.</summary>
    public const string Knowledge = "knowledge";

    /// <summary>A language model answered.</summary>
    public const string Model = "model";

    /// <summary>The hub itself answered (fallbacks, degradation).</summary>
    public const string System = "system";
}
