namespace ChatHub.Inference.ModelStage;

/// <summary>Service keys of the model stage.</summary>
public static class ModelStageServiceKeys
{
    /// <summary>The keyed <see cref="HttpClient"/> of the operator's HTTP tools (no redirects, the tool timeout, no logging of URLs).</summary>
    public const string HttpTools = "chathub.tools.http";
}
