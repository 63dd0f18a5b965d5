namespace ChatHub.Inference;

/// <summary>Service keys of the inference stage's keyed registrations.</summary>
public static class InferenceServiceKeys
{
    /// <summary>
    /// The keyed <see cref="Microsoft.Extensions.AI.IChatClient"/> that answers what the knowledge base cannot:
    /// a language model (llama.cpp, OpenAI-compatible) or, by default, the polite fallback.
    /// Register a replacement with <c>services.AddKeyedSingleton&lt;IChatClient&gt;(InferenceServiceKeys.Model, ...)</c>.
    /// </summary>
    public const string Model = "model";
}
