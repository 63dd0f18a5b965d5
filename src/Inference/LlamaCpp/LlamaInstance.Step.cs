using System.Diagnostics;
using ChatHub.Inference.LlamaCpp.Native;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// One decode step: admit waiting requests into idle slots, drop canceled ones, put one token per generating
/// sequence plus prompt chunks into the batch, decode it once, and sample every sequence that has logits.
/// </summary>
/// <remarks>
/// The batch lists its tokens in ascending sequence id. With a split KV cache (one stream per sequence) llama.cpp
/// cuts a batch into micro-batches of consecutive, ascending sequence ids with as many tokens each
/// (<c>split_equal</c>), and every micro-batch is one more pass over all the weights: tokens in admission order made a
/// step of 8 cost 1.6–1.8× the same step in id order (docs/benchmarks-inference.md, (1f)). For the same reason a gap of
/// one or two ids between sequences in the batch (an idle or waiting sequence) is closed with throwaway tokens.
/// </remarks>
internal sealed partial class LlamaInstance
{
    /// <summary>The widest gap of sequence ids in a batch that throwaway tokens close (<see cref="Bridge"/>).</summary>
    internal const int MaxBridge = 2;

    /// <summary>Any valid token: its cell is removed right after the step, and nobody reads its logits.</summary>
    private const int BridgeToken = 0;

    private void Step()
    {
        var stepStarted = Stopwatch.GetTimestamp();
        Admit();
        foreach (var sequence in _admitted.ToArray())
        {
            if (sequence.Request.Cancellation.IsCancellationRequested)
            {
                Log.LlamaSequenceCanceled(_logger, Id, sequence.Id, sequence.Request.Tokens.Count);
                Finish(sequence, new OperationCanceledException(sequence.Request.Cancellation));
            }
        }

        if (_admitted.Count == 0)
        {
            return;
        }

        _batch.Clear();
        _step++;
        var generating = ChooseGenerating();
        var budget = PrefillBudget(generating);
        var sequences = generating;
        foreach (var sequence in _admitted) // admission order: the earliest request's prompt first
        {
            sequence.PromptChunk = 0;
            if (budget > 0 && sequence.IsPrefilling)
            {
                sequence.PromptChunk = Math.Min(budget, sequence.Request.Prompt.Length - sequence.PromptFed);
                budget -= sequence.PromptChunk;
                sequences++;
            }
        }

        var previous = -1;
        _bridged.Clear();
        foreach (var slot in _cache.Slots) // ascending sequence id
        {
            if (slot.Active is not { } sequence)
            {
                continue;
            }

            sequence.BatchIndex = -1;
            if (!sequence.Generates && sequence.PromptChunk == 0)
            {
                continue;
            }

            if (previous >= 0 && slot.Id - previous - 1 is > 0 and <= MaxBridge)
            {
                Bridge(previous + 1, slot.Id);
            }

            AddToBatch(sequence);
            previous = slot.Id;
        }

        var started = Stopwatch.GetTimestamp();
        var result = LlamaNative.Decode(_context, _batch.Native);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Statistics.Record(_batch.Count - _bridged.Count, generating, elapsed);
        Statistics.RecordBridge(_bridged.Count);
        if (_batch.Count - _bridged.Count == generating)
        {
            _planner.Record(generating, elapsed);
        }

        foreach (var slot in _bridged)
        {
            RemoveBridgeToken(slot);
        }

        if (result != 0)
        {
            throw new InvalidOperationException(result switch
            {
                1 => $"llama_decode found no KV-cache slot for a batch of {_batch.Count} tokens.",
                2 => "llama_decode was aborted.",
                _ => $"llama_decode failed with {result} for a batch of {_batch.Count} tokens.",
            });
        }

        _metrics?.RecordStep(sequences, _tags); // before sampling, which may complete requests
        foreach (var slot in _cache.Slots)
        {
            if (slot.Active is { BatchIndex: >= 0 } sequence)
            {
                Sample(sequence);
            }
        }

        StepObserver?.Invoke(new LlamaStepTiming(sequences, _batch.Count, generating, elapsed, Stopwatch.GetElapsedTime(stepStarted)));
    }

    /// <summary>
    /// Marks the sequences whose pending token goes into this step: all of them, or as many as the planner finds
    /// fastest, then as a window of consecutive sequence ids that moves on every step, so that all take turns.
    /// </summary>
    private int ChooseGenerating()
    {
        _generating.Clear();
        foreach (var slot in _cache.Slots)
        {
            if (slot.Active is { } sequence)
            {
                sequence.Generates = false;
                if (sequence.PendingToken >= 0)
                {
                    _generating.Add(sequence);
                }
            }
        }

        var count = _planner.Plan(_generating.Count);
        var start = count < _generating.Count ? (int)(_turn++ % _generating.Count) : 0;
        for (var i = 0; i < count; i++)
        {
            _generating[(start + i) % _generating.Count].Generates = true;
        }

        return count;
    }

    /// <summary>
    /// Gives each sequence in [<paramref name="from"/>, <paramref name="to"/>) one throwaway token (no logits) at its next
    /// position, removed again after the decode: a gap in the batch's sequence ids would cost a second pass over the
    /// weights ((1f): 7 sequences with a gap cost more than 8 without), a token or two cost far less.
    /// </summary>
    private void Bridge(int from, int to)
    {
        for (var id = from; id < to; id++)
        {
            var slot = _cache.Slots[id];
            _batch.Add(BridgeToken, slot.Count, slot.Id, logits: false);
            _bridged.Add(slot);
        }
    }

    private void AddToBatch(LlamaSequence sequence)
    {
        if (sequence.Generates)
        {
            sequence.BatchIndex = Add(sequence, sequence.PendingToken, logits: true);
            sequence.PendingToken = -1;
            return;
        }

        var prompt = sequence.Request.Prompt;
        for (var i = 0; i < sequence.PromptChunk; i++)
        {
            var last = sequence.PromptFed == prompt.Length - 1;
            var index = Add(sequence, prompt[sequence.PromptFed], logits: last);
            if (last)
            {
                sequence.BatchIndex = index;
            }

            sequence.PromptFed++;
        }
    }

    /// <summary>Puts <paramref name="token"/> at the sequence's next position and records it as held by its slot.</summary>
    private int Add(LlamaSequence sequence, int token, bool logits)
    {
        var index = _batch.Add(token, sequence.Position, sequence.Id, logits);
        sequence.Slot.Append(token);
        return index;
    }

    /// <summary>
    /// Prompt tokens this step may take. Idle (nobody generating): the whole batch, for the quickest first token.
    /// Otherwise a chunk that grows with the number of conversations waiting to start: small while load is light, so
    /// that running replies keep streaming, larger under load, for throughput.
    /// </summary>
    private int PrefillBudget(int generating)
    {
        var room = _batch.Capacity - generating - _cache.Slots.Count; // and room for bridging tokens
        if (generating == 0)
        {
            return room;
        }

        var waiting = _queue.Count;
        foreach (var sequence in _admitted)
        {
            waiting += sequence.IsPrefilling ? 1 : 0;
        }

        return Math.Clamp(_prefillChunk * Math.Max(1, waiting), 0, room);
    }

    private unsafe void Sample(LlamaSequence sequence)
    {
        var request = sequence.Request;
        int token;
        if (sequence.Sampler is null)
        {
            var logits = LlamaNative.GetLogits(_context, sequence.BatchIndex);
            if (logits is null)
            {
                throw new InvalidOperationException($"llama_get_logits_ith returned NULL for batch index {sequence.BatchIndex}.");
            }

            token = LlamaGreedy.ArgMax(new ReadOnlySpan<float>(logits, _model.VocabSize));
        }
        else
        {
            token = LlamaNative.SamplerSample(sequence.Sampler, _context, sequence.BatchIndex);
        }

        if (_model.IsEndOfGeneration(token))
        {
            Finish(sequence, ChatFinishReason.Stop);
            return;
        }

        request.Tokens.Add(token);
        _metrics?.RecordToken(_tags);
        var length = _model.TokenToPiece(token, _piece);
        var text = sequence.Decode(_piece.AsSpan(0, length));
        if (request.Tokens.Count == 1 && text.StartsWith(' '))
        {
            text = text[1..]; // SentencePiece's word-start space on the reply's first word
        }

        if (text.Length > 0)
        {
            request.TryWrite(text);
        }

        if (request.Tokens.Count >= request.MaxTokens || sequence.Position >= SequenceContextSize)
        {
            Finish(sequence, ChatFinishReason.Length);
            return;
        }

        sequence.PendingToken = token;
    }

    /// <summary>A reply ended: its slot keeps the conversation's cells for the next turn (with the prompt cache on).</summary>
    private void Finish(LlamaSequence sequence, ChatFinishReason reason)
    {
        var rest = sequence.Decode([], flush: true);
        if (rest.Length > 0)
        {
            sequence.Request.TryWrite(rest);
        }

        Release(sequence, keep: true);
        sequence.Request.Complete(reason);
    }

    /// <summary>A request was canceled or failed: its slot is emptied, nothing of it is reused.</summary>
    private void Finish(LlamaSequence sequence, Exception exception)
    {
        Release(sequence, keep: false);
        sequence.Request.Fail(exception);
    }

    /// <summary>Frees the sequence's sampler and slot; its KV cells stay for the prompt cache or are removed.</summary>
    private void Release(LlamaSequence sequence, bool keep)
    {
        var slot = sequence.Slot;
        slot.Active = null;
        if (keep && _cache.Enabled)
        {
            slot.LastUsed = _cache.Tick();
            slot.HeldBytes = (long)LlamaNative.StateSequenceGetSize(_context, slot.Id);
        }
        else
        {
            Empty(slot);
        }

        _admitted.Remove(sequence);
        sequence.Dispose();
        _cache.Publish();
        Interlocked.Decrement(ref _inFlight);
    }
}
