using System.Text;
using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>The decode loop's state of one request in one sequence slot (its own KV-cache region and sampler chain).</summary>
internal sealed class LlamaSequence : IDisposable
{
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly char[] _chars = new char[64];

    public LlamaSequence(int id, LlamaRequest request, SafeLlamaSamplerHandle sampler)
    {
        Id = id;
        Request = request;
        Sampler = sampler;
    }

    public int Id { get; }

    public LlamaRequest Request { get; }

    public SafeLlamaSamplerHandle Sampler { get; }

    /// <summary>Prompt tokens already in the batch or the cache.</summary>
    public int PromptFed { get; set; }

    /// <summary>The position of the next token in this sequence.</summary>
    public int Position { get; set; }

    /// <summary>The last sampled token, waiting to be decoded; -1 while the prompt is still going in.</summary>
    public int PendingToken { get; set; } = -1;

    /// <summary>The index in the current batch whose logits this sequence samples from; -1 when none.</summary>
    public int BatchIndex { get; set; } = -1;

    /// <summary>The decode step that last took this sequence's generated token.</summary>
    public long LastStep { get; set; }

    public bool IsPrefilling => PromptFed < Request.Prompt.Length;

    /// <summary>Turns a token's bytes into text, holding back an incomplete UTF-8 character until its next byte arrives.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, bool flush = false)
    {
        var count = _utf8.GetCharCount(bytes, flush);
        var chars = count <= _chars.Length ? _chars : new char[count];
        var written = _utf8.GetChars(bytes, chars, flush);
        return new string(chars, 0, written);
    }

    public void Dispose() => Sampler.Dispose();
}
