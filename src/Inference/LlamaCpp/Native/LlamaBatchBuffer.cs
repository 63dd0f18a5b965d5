namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>A <c>llama_batch</c> from <c>llama_batch_init</c> (one sequence id per token), filled token by token and freed once.</summary>
internal sealed unsafe class LlamaBatchBuffer : IDisposable
{
    private LlamaBatch _batch;
    private bool _disposed;

    public LlamaBatchBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _batch = LlamaNative.BatchInit(capacity, 0, 1);
        if (_batch.Tokens is null || _batch.SequenceIds is null || _batch.Logits is null)
        {
            throw new InsufficientMemoryException("llama_batch_init could not allocate a batch.");
        }

        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _batch.TokenCount;

    public LlamaBatch Native => _batch;

    public void Clear() => _batch.TokenCount = 0;

    /// <summary>Appends <paramref name="token"/> at <paramref name="position"/> of <paramref name="sequence"/>; returns its index in the batch.</summary>
    public int Add(int token, int position, int sequence, bool logits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var index = _batch.TokenCount;
        if (index >= Capacity)
        {
            throw new InvalidOperationException($"The batch is full ({Capacity} tokens).");
        }

        _batch.Tokens[index] = token;
        _batch.Positions[index] = position;
        _batch.SequenceIdCounts[index] = 1;
        _batch.SequenceIds[index][0] = sequence;
        _batch.Logits[index] = logits ? (sbyte)1 : (sbyte)0;
        _batch.TokenCount = index + 1;
        return index;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _batch.TokenCount = 0;
        LlamaNative.BatchFree(_batch);
    }
}
