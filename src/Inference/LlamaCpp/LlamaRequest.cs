using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// One generation: the prompt tokens, its limits and sampling, and the channel its text pieces stream through. The
/// decode loop writes; the chat client reads. <see cref="Cancellation"/> (the caller's token, a timeout, or the
/// reader giving up) makes the loop free the sequence at the next step.
/// </summary>
internal sealed class LlamaRequest
{
    private readonly Channel<string> _pieces = Channel.CreateUnbounded<string>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false });

    public LlamaRequest(int[] prompt, int maxTokens, LlamaSamplingSettings sampling, bool interactive, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(sampling);
        if (prompt.Length == 0)
        {
            throw new ArgumentException("A prompt needs at least one token.", nameof(prompt));
        }

        Prompt = prompt;
        MaxTokens = maxTokens;
        Sampling = sampling;
        Interactive = interactive;
        Cancellation = cancellation;
    }

    public int[] Prompt { get; }

    public int MaxTokens { get; }

    public LlamaSamplingSettings Sampling { get; }

    /// <summary>Short enough for the priority lane.</summary>
    public bool Interactive { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>
    /// Which instance should take the request when there are several and it has room: the same for every turn of a
    /// conversation (see <see cref="LlamaCppChatClient"/>), so that a follow-up finds its cached context.
    /// </summary>
    public int Affinity { get; init; }

    /// <summary>False: the request starts cold even when the prompt cache holds the start of its prompt (benchmarks).</summary>
    public bool ReusePrompt { get; init; } = true;

    public ChannelReader<string> Pieces => _pieces.Reader;

    /// <summary>The generated token ids, in order (read after <see cref="Pieces"/> completes).</summary>
    public List<int> Tokens { get; } = [];

    /// <summary>Why generation ended: <see cref="ChatFinishReason.Stop"/> (end of generation) or <see cref="ChatFinishReason.Length"/>.</summary>
    public ChatFinishReason? FinishReason { get; private set; }

    internal bool TryWrite(string piece) => _pieces.Writer.TryWrite(piece);

    internal void Complete(ChatFinishReason reason)
    {
        FinishReason = reason;
        _pieces.Writer.TryComplete();
    }

    internal void Fail(Exception exception) => _pieces.Writer.TryComplete(exception);
}
