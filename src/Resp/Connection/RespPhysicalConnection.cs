using System.Buffers;
using System.Collections.Concurrent;
using ChatHub.Resp.Protocol;

namespace ChatHub.Resp.Connection;

/// <summary>
/// One transport's lifetime: a write buffer flushed in batches by a single writer loop, a single read loop, and the
/// FIFO queue that matches replies to commands. Commands are encoded and queued under one lock, so the order of the
/// reply queue is the order of the bytes on the wire. When anything fails, the connection is dead for good: every
/// queued and in-flight command fails with <see cref="RespConnectionException"/> and <see cref="Closed"/> completes;
/// <see cref="RespConnection"/> then opens a new one.
/// </summary>
internal sealed partial class RespPhysicalConnection : IAsyncDisposable
{
    private const int KeepBufferBelow = 1024 * 1024;
    private readonly Stream _stream;
    private readonly RespReaderOptions _readerOptions;
    private readonly Func<RespValue, bool>? _isOutOfBand;
    private readonly Action<RespValue>? _onOutOfBand;
    private readonly ConcurrentQueue<PendingReply> _awaiting = new();
    private readonly TaskCompletionSource<RespConnectionException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _flushSignal = new(0, 1);
    private readonly Lock _gate = new();
    private ArrayBufferWriter<byte> _queued = new(4096);
    private ArrayBufferWriter<byte> _flushing = new(4096);
    private bool _flushRequested;
    private RespConnectionException? _failure;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;

    /// <param name="stream">The connected transport (TCP, TLS, or a test double); owned from now on.</param>
    /// <param name="endpoint">For messages only.</param>
    /// <param name="readerOptions">The caps for incoming frames.</param>
    /// <param name="isOutOfBand">Picks frames that answer no command (pub/sub messages, RESP3 pushes).</param>
    /// <param name="onOutOfBand">Receives those frames, on the read loop: it must only hand them off.</param>
    public RespPhysicalConnection(
        Stream stream,
        string endpoint,
        RespReaderOptions readerOptions,
        Func<RespValue, bool>? isOutOfBand = null,
        Action<RespValue>? onOutOfBand = null)
    {
        _stream = stream;
        Endpoint = endpoint;
        _readerOptions = readerOptions;
        _isOutOfBand = isOutOfBand;
        _onOutOfBand = onOutOfBand;
    }

    public string Endpoint { get; }

    /// <summary>Completes (never faults) with the reason once the connection is dead.</summary>
    public Task<RespConnectionException> Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _failure) is not null;

    /// <summary>The number of commands sent or queued whose reply has not arrived (abandoned ones included).</summary>
    public int PendingCount => _awaiting.Count;

    public void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Queues one command and returns its place in the reply queue. Synchronous: commands queued one after another by
    /// the same thread go out in that order. Throws <see cref="RespConnectionException"/> if the connection is dead.
    /// </summary>
    public PendingReply Enqueue(string command, IReadOnlyList<RespArg> args)
    {
        RespCommandWriter.ValidateCommand(command);
        ArgumentNullException.ThrowIfNull(args);
        var reply = new PendingReply(command);
        lock (_gate)
        {
            ThrowIfClosed();
            Append(command, args, reply);
            RequestFlush();
        }

        return reply;
    }

    /// <summary>Queues several commands back to back, with nothing from other callers in between (MULTI ... EXEC).</summary>
    public PendingReply[] EnqueueBatch(IReadOnlyList<RespCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var replies = new PendingReply[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            RespCommandWriter.ValidateCommand(commands[i].Name);
            ArgumentNullException.ThrowIfNull(commands[i].Args);
            replies[i] = new PendingReply(commands[i].Name);
        }

        lock (_gate)
        {
            ThrowIfClosed();
            for (var i = 0; i < commands.Count; i++)
            {
                Append(commands[i].Name, commands[i].Args, replies[i]);
            }

            RequestFlush();
        }

        return replies;
    }

    /// <summary>Kills the connection: fails every command still waiting, and completes <see cref="Closed"/>.</summary>
    public void Fail(Exception reason)
    {
        RespConnectionException failure;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            failure = reason as RespConnectionException
                ?? new RespConnectionException($"The connection to {Endpoint} was lost: {reason.Message}", reason);
            Volatile.Write(ref _failure, failure);
        }

        _shutdown.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Already broken; nothing more to release.
        }

        // Nothing can join the queue any more (Enqueue checks _failure under the lock), so this drains it for good.
        while (_awaiting.TryDequeue(out var reply))
        {
            reply.Fail(failure);
        }

        _closed.TrySetResult(failure);
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new RespConnectionException($"The connection to {Endpoint} was closed by the client."));
        await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
        _shutdown.Dispose();
        _flushSignal.Dispose();
    }

    private void Append(string command, IReadOnlyList<RespArg> args, PendingReply reply)
    {
        try
        {
            RespCommandWriter.Write(_queued, command, args);
        }
        catch (Exception ex)
        {
            // A half-written command would desynchronize the stream: nothing after it could be trusted.
            Fail(ex);
            throw;
        }

        _awaiting.Enqueue(reply);
    }

    private void RequestFlush()
    {
        if (!_flushRequested)
        {
            _flushRequested = true;
            _flushSignal.Release();
        }
    }

    private void ThrowIfClosed()
    {
        if (_failure is { } failure)
        {
            throw new RespConnectionException(failure.Message, failure);
        }
    }
}
