using System.Text;
using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The decode loop's state of one request in its slot (the slot's KV region, possibly starting with a reused prefix).
/// Greedy requests have no sampler chain (the loop picks the most likely token itself); the others have their own,
/// since chains are stateful.
/// </summary>
internal sealed class LlamaSequence : IDisposable
{
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly char[] _chars = new char[64];

    public LlamaSequence(LlamaSlot slot, LlamaRequest request, SafeLlamaSamplerHandle? sampler)
    {
        Slot = slot;
        Request = request;
        Sampler = sampler;
        PromptFed = slot.Count;
        ReusedTokens = slot.Count;
    }

    public LlamaSlot Slot { get; }

    public int Id => Slot.Id;

    public LlamaRequest Request { get; }

    /// <summary>The request's sampler chain; null for greedy decoding.</summary>
    public SafeLlamaSamplerHandle? Sampler { get; }

    /// <summary>Prompt tokens taken from the prompt cache (they were not decoded again).</summary>
    public int ReusedTokens { get; }

    /// <summary>Prompt tokens already in the batch or the cache.</summary>
    public int PromptFed { get; set; }

    /// <summary>The position of the next token in this sequence: the tokens its slot holds.</summary>
    public int Position => Slot.Count;

    /// <summary>The last sampled token, waiting to be decoded; -1 while the prompt is still going in.</summary>
    public int PendingToken { get; set; } = -1;

    /// <summary>The index in the current batch whose logits this sequence samples from; -1 when none.</summary>
    public int BatchIndex { get; set; } = -1;

    /// <summary>This step: the pending token goes into the batch.</summary>
    public bool Generates { get; set; }

    /// <summary>This step: prompt tokens that go into the batch.</summary>
    public int PromptChunk { get; set; }

    public bool IsPrefilling => PromptFed < Request.Prompt.Length;

    /// <summary>Turns a token's bytes into text, holding back an incomplete UTF-8 character until its next byte arrives.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, bool flush = false)
    {
        var count = _utf8.GetCharCount(bytes, flush);
        var chars = count <= _chars.Length ? _chars : new char[count];
        var written = _utf8.GetChars(bytes, chars, flush);
        return new string(chars, 0, written);
    }

    public void Dispose() => Sampler?.Dispose();
}
