namespace ChatHub.Testing.Gguf;

/// <summary>What a generated model predicts.</summary>
public enum SyntheticModelBehavior
{
    /// <summary>Random weights: gibberish of a fixed length under greedy decoding (special tokens are never predicted).</summary>
    Random,

    /// <summary>The end-of-generation token, always: for the stop-condition tests.</summary>
    EndsImmediately,

    /// <summary>
    /// A vocabulary with <c>&lt;tool_call&gt;</c> and <c>&lt;/tool_call&gt;</c> as tokens and fixed preferences: it
    /// always starts with <c>&lt;tool_call&gt;</c>, then prefers <c>"</c>, <c>}</c> and <c>&lt;/tool_call&gt;</c>; under the
    /// tool-call grammar that is a short valid call. Without a grammar it writes <c>&lt;tool_call&gt;</c> forever.
    /// </summary>
    CallsTools,
}
