using System.Diagnostics;
using ChatHub.Inference.LlamaCpp.Native;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// One decode step: admit waiting requests into free sequences, drop canceled ones, put one token per generating
/// sequence plus prompt chunks into the batch, decode it once, and sample every sequence that has logits.
/// </summary>
internal sealed partial class LlamaInstance
{
    private void Step()
    {
        Admit();
        foreach (var sequence in _admitted.ToList())
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
        var pending = _admitted.Where(sequence => sequence.PendingToken >= 0).ToList();
        var generating = _planner.Plan(pending.Count);
        foreach (var sequence in _admitted)
        {
            sequence.BatchIndex = -1;
        }

        // Sequences that waited longest first, so that everyone gets a turn when the planner takes fewer.
        foreach (var sequence in pending.OrderBy(sequence => sequence.LastStep).Take(generating))
        {
            sequence.BatchIndex = _batch.Add(sequence.PendingToken, sequence.Position, sequence.Id, logits: true);
            sequence.Position++;
            sequence.PendingToken = -1;
            sequence.LastStep = _step;
        }

        var budget = PrefillBudget(generating);
        var sequences = generating;
        foreach (var sequence in _admitted)
        {
            if (budget <= 0)
            {
                break;
            }

            if (!sequence.IsPrefilling)
            {
                continue;
            }

            var prompt = sequence.Request.Prompt;
            var take = Math.Min(budget, prompt.Length - sequence.PromptFed);
            sequences++;
            for (var i = 0; i < take; i++)
            {
                var last = sequence.PromptFed == prompt.Length - 1;
                var index = _batch.Add(prompt[sequence.PromptFed], sequence.Position, sequence.Id, logits: last);
                if (last)
                {
                    sequence.BatchIndex = index;
                }

                sequence.PromptFed++;
                sequence.Position++;
            }

            budget -= take;
        }

        var started = Stopwatch.GetTimestamp();
        var result = LlamaNative.Decode(_context, _batch.Native);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Statistics.Record(_batch.Count, generating, elapsed);
        if (_batch.Count == generating)
        {
            _planner.Record(generating, elapsed);
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
        foreach (var sequence in _admitted.ToList())
        {
            if (sequence.BatchIndex >= 0)
            {
                Sample(sequence);
            }
        }
    }

    /// <summary>
    /// Prompt tokens this step may take. Idle (nobody generating): the whole batch, for the quickest first token.
    /// Otherwise a chunk that grows with the number of conversations waiting to start: small while load is light, so
    /// that running replies keep streaming, larger under load, for throughput.
    /// </summary>
    private int PrefillBudget(int generating)
    {
        var room = _batch.Capacity - generating;
        if (generating == 0)
        {
            return room;
        }

        var waiting = _queue.Count + _admitted.Count(sequence => sequence.IsPrefilling);
        return Math.Clamp(_prefillChunk * Math.Max(1, waiting), 0, room);
    }

    private void Admit()
    {
        while (_admitted.Count < _slots.Length && _queue.TryDequeue(out var request))
        {
            if (request.Cancellation.IsCancellationRequested)
            {
                Interlocked.Decrement(ref _inFlight);
                request.Fail(new OperationCanceledException(request.Cancellation));
                continue;
            }

            var slot = Array.IndexOf(_slots, null);
            var sequence = new LlamaSequence(slot, request, LlamaSamplerChain.Create(request.Sampling, _model.VocabSize));
            _slots[slot] = sequence;
            _admitted.Add(sequence);
            Log.LlamaSequenceAdmitted(_logger, Id, slot, request.Prompt.Length, request.Interactive);
        }
    }

    private void Sample(LlamaSequence sequence)
    {
        var request = sequence.Request;
        var token = LlamaNative.SamplerSample(sequence.Sampler, _context, sequence.BatchIndex);
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

    private void Finish(LlamaSequence sequence, ChatFinishReason reason)
    {
        var rest = sequence.Decode([], flush: true);
        if (rest.Length > 0)
        {
            sequence.Request.TryWrite(rest);
        }

        Release(sequence);
        sequence.Request.Complete(reason);
    }

    private void Finish(LlamaSequence sequence, Exception exception)
    {
        Release(sequence);
        sequence.Request.Fail(exception);
    }

    /// <summary>Frees the sequence's KV cells, sampler and slot.</summary>
    private void Release(LlamaSequence sequence)
    {
        LlamaNative.MemorySequenceRemove(_memory, sequence.Id, -1, -1); // a whole sequence: never fails (llama.h)
        _slots[sequence.Id] = null;
        _admitted.Remove(sequence);
        sequence.Dispose();
        Interlocked.Decrement(ref _inFlight);
    }
}
