namespace ChatHub.Inference.Tests.TestSupport.Gguf;

/// <summary>What a generated model predicts.</summary>
internal enum SyntheticModelBehavior
{
    /// <summary>Random weights: gibberish of a fixed length under greedy decoding (special tokens are never predicted).</summary>
    Random,

    /// <summary>The end-of-generation token, always: for the stop-condition tests.</summary>
    EndsImmediately,
}
