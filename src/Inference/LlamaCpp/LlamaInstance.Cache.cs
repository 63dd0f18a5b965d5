using System.Runtime.InteropServices;
using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// Admission with the prompt cache: the native side of a <see cref="LlamaReusePlan"/> (removing the cells after the
/// reused prefix, copying a slot's cells to host memory or into another slot, restoring a copy), all on the decode
/// thread between steps. Whatever fails leaves the slot empty, never holding cells its tokens do not describe.
/// </summary>
internal sealed partial class LlamaInstance
{
    private void Admit()
    {
        var admitted = false;
        while (_admitted.Count < _cache.Slots.Count && _queue.TryDequeue(out var request))
        {
            if (request.Cancellation.IsCancellationRequested)
            {
                Interlocked.Decrement(ref _inFlight);
                request.Fail(new OperationCanceledException(request.Cancellation));
                continue;
            }

            LlamaSequence sequence;
            try
            {
                var slot = Prepare(request);
                sequence = new LlamaSequence(slot, request, request.Sampling.NeedsNoChain ? null : LlamaSamplerChain.Create(request.Sampling, _model.Vocab, _model.VocabSize));
                slot.Active = sequence;
                slot.LastUsed = _cache.Tick();
            }
#pragma warning disable CA1031 // One request's admission failed (out of memory for a copy, a NULL sampler): fail it, keep serving.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LlamaAdmissionFailed(_logger, ex, Id);
                Interlocked.Decrement(ref _inFlight);
                request.Fail(ex);
                continue;
            }

            _admitted.Add(sequence);
            admitted = true;
            Statistics.RecordPrompt(request.Prompt.Length, sequence.ReusedTokens);
            _metrics?.RecordPromptTokens(sequence.ReusedTokens, request.Prompt.Length - sequence.ReusedTokens, _tags);
            Log.LlamaSequenceAdmitted(_logger, Id, sequence.Id, request.Prompt.Length, sequence.ReusedTokens, request.Interactive);
        }

        if (admitted)
        {
            _cache.Publish();
        }
    }

    /// <summary>Carries out the prompt cache's plan for <paramref name="request"/>; returns its slot, holding exactly the reused prefix.</summary>
    private LlamaSlot Prepare(LlamaRequest request)
    {
        var plan = _cache.Plan(request.Prompt, request.ReusePrompt);
        var target = plan.Target;
        switch (plan.Kind)
        {
            case LlamaReuseKind.InPlace:
                if (plan.SaveFirst)
                {
                    Save(target);
                }

                Truncate(target, plan.Reuse);
                break;
            case LlamaReuseKind.CopyFromSlot:
                if (Copy(plan.Source!, target))
                {
                    Truncate(target, plan.Reuse);
                }

                break;
            case LlamaReuseKind.Restore:
                Evict(target, plan.SaveFirst);
                if (Restore(plan.Saved!, target))
                {
                    Truncate(target, plan.Reuse);
                    if (plan.Saved!.Tokens.Length - plan.Reuse < LlamaPromptCache.MinKeptTokens)
                    {
                        _cache.RemoveSaved(plan.Saved); // the slot holds (nearly) all of it now
                    }
                }

                break;
            default:
                Evict(target, plan.SaveFirst);
                break;
        }

        Verify(target);
        return target;
    }

    /// <summary>Checks that the KV cache holds exactly positions 0 … Count − 1 for the slot; anything else empties it.</summary>
    private void Verify(LlamaSlot slot)
    {
        var min = LlamaNative.MemorySequencePositionMin(_memory, slot.Id);
        var max = LlamaNative.MemorySequencePositionMax(_memory, slot.Id);
        var expected = slot.Count == 0 ? (-1, -1) : (0, slot.Count - 1);
        if ((min, max) != expected)
        {
            Log.LlamaPromptCacheMismatch(_logger, Id, slot.Id, slot.Count, min, max);
            Empty(slot);
        }
    }

    /// <summary>Copies the slot's cells to host memory, when they fit the budget; false when they were not kept.</summary>
    private unsafe bool Save(LlamaSlot slot)
    {
        var size = (long)LlamaNative.StateSequenceGetSize(_context, slot.Id);
        if (size == 0 || size > _cache.BudgetBytes || size > Array.MaxLength)
        {
            return false;
        }

        var state = GC.AllocateUninitializedArray<byte>((int)size);
        nuint written;
        fixed (byte* destination = state)
        {
            written = LlamaNative.StateSequenceGetData(_context, destination, (nuint)size, slot.Id);
        }

        return written != 0 && _cache.TryAddSaved(new LlamaSavedSequence(slot.Tokens.ToArray(), state, (int)written));
    }

    private unsafe bool Restore(LlamaSavedSequence saved, LlamaSlot slot)
    {
        nuint read;
        fixed (byte* source = saved.State)
        {
            read = LlamaNative.StateSequenceSetData(_context, source, (nuint)saved.Length, slot.Id);
        }

        if (read == 0)
        {
            Log.LlamaPromptCacheRestoreFailed(_logger, Id, slot.Id, saved.Tokens.Length);
            _cache.RemoveSaved(saved);
            Empty(slot);
            return false;
        }

        slot.Load(saved.Tokens);
        saved.LastUsed = _cache.Tick();
        return true;
    }

    /// <summary>
    /// Copies the cells of <paramref name="source"/> (which keeps them) into the empty <paramref name="target"/>,
    /// through a native buffer freed at once (no managed array kept by a pool: a long conversation of a large model is
    /// hundreds of megabytes, still far cheaper to copy than to decode again).
    /// </summary>
    private unsafe bool Copy(LlamaSlot source, LlamaSlot target)
    {
        var size = LlamaNative.StateSequenceGetSize(_context, source.Id);
        if (size == 0)
        {
            return false;
        }

        var buffer = (byte*)NativeMemory.Alloc(size);
        try
        {
            var written = LlamaNative.StateSequenceGetData(_context, buffer, size, source.Id);
            if (written == 0 || LlamaNative.StateSequenceSetData(_context, buffer, written, target.Id) == 0)
            {
                Log.LlamaPromptCacheRestoreFailed(_logger, Id, target.Id, source.Count);
                Empty(target);
                return false;
            }
        }
        finally
        {
            NativeMemory.Free(buffer);
        }

        target.Load(source.Tokens);
        return true;
    }

    /// <summary>Removes the slot's cells from position <paramref name="keep"/> on.</summary>
    private void Truncate(LlamaSlot slot, int keep)
    {
        if (keep >= slot.Count)
        {
            return;
        }

        if (!LlamaNative.MemorySequenceRemove(_memory, slot.Id, keep, -1))
        {
            Empty(slot); // llama.h: only a partial removal can fail
            return;
        }

        slot.Truncate(keep);
    }

    /// <summary>Removes a bridging token's cell (the one after what the slot records).</summary>
    private void RemoveBridgeToken(LlamaSlot slot)
    {
        if (!LlamaNative.MemorySequenceRemove(_memory, slot.Id, slot.Count, -1))
        {
            Empty(slot);
        }
    }

    private void Evict(LlamaSlot slot, bool save)
    {
        if (slot.Count > 0 && save)
        {
            Save(slot);
        }

        Empty(slot);
    }

    /// <summary>Removes all of the slot's cells (a whole sequence: never fails, llama.h).</summary>
    private void Empty(LlamaSlot slot)
    {
        LlamaNative.MemorySequenceRemove(_memory, slot.Id, -1, -1);
        slot.Truncate(0);
    }

    /// <summary>After a failed step: empties the whole KV cache and every slot (copies in host memory stay: they are whole).</summary>
    private void ForgetContext()
    {
        LlamaNative.MemoryClear(_memory, data: false);
        foreach (var slot in _cache.Slots)
        {
            slot.Truncate(0);
        }

        _cache.Publish();
    }
}
