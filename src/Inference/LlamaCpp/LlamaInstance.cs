using System.Diagnostics;
using ChatHub.Inference.LlamaCpp.Native;
using Microsoft.Extensions.Logging;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// One model instance: a llama.cpp context with <see cref="SequenceSlots"/> sequences and one decode loop on its own
/// thread, which serves every admitted conversation as a sequence of one batch (continuous batching). New requests
/// join between steps, in the slot the <see cref="LlamaPromptCache"/> picks (one that already holds the start of the
/// prompt, when there is one); all native calls on the context happen on that thread or under <see cref="_nativeLock"/>.
/// The number of requests in flight (decoding plus waiting) is bounded; past it <see cref="TrySubmit"/> says no.
/// </summary>
internal sealed partial class LlamaInstance : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly nint _memory;
    private readonly LlamaBatchBuffer _batch;
    private readonly LlamaRequestQueue _queue = new();
    private readonly LlamaPromptCache _cache;
    private readonly List<LlamaSequence> _admitted = [];
    private readonly List<LlamaSequence> _generating = [];
    private readonly List<LlamaSlot> _bridged = [];
    private readonly Lock _nativeLock = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly int _prefillChunk;
    private readonly byte[] _piece = new byte[256];
    private readonly LlamaBatchPlanner _planner;
    private readonly LlamaEngineMetrics? _metrics;
    private readonly TagList _tags;
    private long _step;
    private long _turn;
    private int _inFlight;
    private volatile bool _stopping;

    public LlamaInstance(int id, LlamaModel model, LlamaInstanceSettings settings, ILogger logger, LlamaEngineMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        Id = id;
        _model = model;
        _logger = logger;
        _metrics = metrics;
        _tags = LlamaEngineMetrics.Tags(System.IO.Path.GetFileNameWithoutExtension(model.Path), id);
        var parameters = LlamaNative.ContextDefaultParams();
        parameters.ContextSize = (uint)(settings.ContextSize * settings.MaxSequences);
        parameters.MaxSequences = (uint)settings.MaxSequences;
        parameters.BatchSize = (uint)settings.BatchSize;
        parameters.MicroBatchSize = (uint)Math.Min(settings.BatchSize, 512);
        parameters.Threads = settings.Threads;
        parameters.BatchThreads = settings.Threads;
        parameters.KvUnified = false; // each sequence its own KV region: no cross-talk, and removal frees exactly its cells
        var handle = LlamaNative.InitFromModel(model.Handle, parameters);
        if (handle == 0)
        {
            throw new InvalidOperationException(
                $"llama.cpp could not create a context of {parameters.ContextSize} tokens for '{model.Path}' (out of memory? see the log).");
        }

        _context = new SafeLlamaContextHandle(handle, model.Handle);
        _memory = LlamaNative.GetMemory(_context);
        SequenceSlots = (int)LlamaNative.MaxSequences(_context);
        SequenceContextSize = (int)LlamaNative.SequenceContextSize(_context);
        Threads = LlamaNative.Threads(_context);
        _cache = new LlamaPromptCache(SequenceSlots, SequenceContextSize, settings.PromptCache, settings.PromptCacheBytes);
        _batch = new LlamaBatchBuffer((int)LlamaNative.BatchSize(_context));
        _capacity = SequenceSlots + settings.QueueCapacity;
        _prefillChunk = settings.PrefillChunk;
        _planner = new LlamaBatchPlanner(SequenceSlots, settings.AdaptiveBatching);
        metrics?.Observe(_tags, () => _cache.Usage);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = $"llama-decode-{id}" };
        _thread.Start();
        Log.LlamaInstanceStarted(_logger, id, SequenceSlots, SequenceContextSize, Threads, _batch.Capacity);
    }

    public int Id { get; }

    public int SequenceSlots { get; }

    /// <summary>Tokens one sequence can hold (prompt plus reply).</summary>
    public int SequenceContextSize { get; }

    public int Threads { get; }

    /// <summary>Decode steps, tokens and time so far (diagnostics and benchmarks).</summary>
    public LlamaDecodeStatistics Statistics { get; } = new();

    /// <summary>What the prompt cache holds now.</summary>
    public LlamaPromptCacheUsage PromptCache => _cache.Usage;

    /// <summary>Requests decoding or waiting.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public int Queued => _queue.Count;

    /// <summary>Called on the decode thread after every decode step (diagnostics and benchmarks); null: nothing is called.</summary>
    internal Action<LlamaStepTiming>? StepObserver { get; set; }

    /// <summary>Queues <paramref name="request"/>; false when the instance already holds as many as it may (the caller answers busy).</summary>
    public bool TrySubmit(LlamaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (request.Prompt.Length >= SequenceContextSize)
        {
            throw new ArgumentException(
                $"The prompt has {request.Prompt.Length} tokens; a sequence holds {SequenceContextSize}.", nameof(request));
        }

        if (Interlocked.Increment(ref _inFlight) > _capacity)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        _queue.Enqueue(request);
        _wake.Set();
        return true;
    }

    /// <summary>The highest position cached for <paramref name="sequence"/>, or -1 when its KV cells are free.</summary>
    internal int GetCachedPositionMax(int sequence)
    {
        lock (_nativeLock)
        {
            return LlamaNative.MemorySequencePositionMax(_memory, sequence);
        }
    }

    /// <summary>Sequences being decoded now.</summary>
    internal int ActiveSequences
    {
        get
        {
            lock (_nativeLock)
            {
                return _cache.Slots.Count(slot => !slot.IsIdle);
            }
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Set();
        _thread.Join();
        foreach (var request in _queue.Drain())
        {
            request.Fail(new ObjectDisposedException(nameof(LlamaInstance), "The model instance shut down."));
        }

        _batch.Dispose();
        _context.Dispose();
        _wake.Dispose();
    }

    private void RunLoop()
    {
        while (!_stopping)
        {
            if (_admitted.Count == 0 && _queue.Count == 0)
            {
                _wake.Wait();
                _wake.Reset();
                continue;
            }

            try
            {
                lock (_nativeLock)
                {
                    Step();
                }
            }
#pragma warning disable CA1031 // Loop boundary: fail the conversations of this step, keep serving the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LlamaStepFailed(_logger, ex, Id);
                lock (_nativeLock)
                {
                    // The step may have left cells behind (or the bookkeeping ahead of them): trust nothing held,
                    // before the callers learn of the failure.
                    ForgetContext();
                    foreach (var sequence in _admitted.ToList())
                    {
                        Finish(sequence, ex);
                    }
                }
            }
        }

        lock (_nativeLock)
        {
            foreach (var sequence in _admitted.ToList())
            {
                Finish(sequence, new ObjectDisposedException(nameof(LlamaInstance), "The model instance shut down."));
            }
        }
    }
}
