namespace ChatHub.Testing.Gguf;

/// <summary>What a generated model predicts.</summary>
public enum SyntheticModelBehavior
{
    /// <summary>Random weights: gibberish of a fixed length under greedy decoding (special tokens are never predicted).</summary>
    Random,

    /// <summary>The end-of-generation token, always: for the stop-condition tests.</summary>
    EndsImmediately,
}
