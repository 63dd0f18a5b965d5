namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// One sequence of an instance's context and the exact tokens whose KV cells it holds: <see cref="Tokens"/>[i] was
/// decoded at position i of this sequence, for every i below <see cref="Count"/>, and the sequence holds nothing else.
/// The decode loop keeps this true (a token is appended when it goes into a batch at position <see cref="Count"/>; a
/// failed step, a cancellation or an error empties the slot), and the prompt cache reuses a slot only for the prefix
/// of a new prompt that is equal, token by token, to <see cref="Tokens"/>.
/// </summary>
internal sealed class LlamaSlot
{
    private readonly int[] _tokens;

    public LlamaSlot(int id, int capacity)
    {
        Id = id;
        _tokens = new int[capacity];
    }

    public int Id { get; }

    /// <summary>Tokens held: positions 0 … Count − 1 are in the KV cache.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, Count);

    /// <summary>The request decoding in this slot, or null when the slot is idle (free or holding a finished conversation).</summary>
    public LlamaSequence? Active { get; set; }

    /// <summary>The prompt cache's clock at the slot's last use (LRU).</summary>
    public long LastUsed { get; set; }

    /// <summary>Bytes of KV cells held, as llama.cpp sized them when the slot went idle (reported as a metric).</summary>
    public long HeldBytes { get; set; }

    public bool IsIdle => Active is null;

    /// <summary>Records <paramref name="token"/> as decoded at position <see cref="Count"/>.</summary>
    public void Append(int token)
    {
        if (Count == _tokens.Length)
        {
            throw new InvalidOperationException($"Sequence {Id} is full ({_tokens.Length} tokens).");
        }

        _tokens[Count++] = token;
    }

    /// <summary>Forgets every token from <paramref name="count"/> on (after their cells were removed).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = Math.Min(Count, count);
        if (Count == 0)
        {
            HeldBytes = 0;
        }
    }

    /// <summary>Takes the tokens of a copy restored into this slot.</summary>
    public void Load(ReadOnlySpan<int> tokens)
    {
        tokens.CopyTo(_tokens);
        Count = tokens.Length;
    }
}
