using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ChatHub.Resp.Protocol;

namespace ChatHub.Resp.Tests.TestHelpers;

/// <summary>
/// An in-memory transport. The client side is the <see cref="Stream"/>; the test plays the server with
/// <see cref="ExpectAsync"/> (asserts the exact bytes the client wrote), <see cref="ReadCommandAsync"/> and
/// <see cref="SendAsync"/>. Reads hand the client one byte at a time by default, so every frame arrives split at every
/// possible boundary.
/// </summary>
public sealed class TestDuplexStream : Stream
{
    private static readonly PipeOptions Unbounded = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0);
    private readonly Pipe _toServer = new(Unbounded);
    private readonly Pipe _toClient = new(Unbounded);
    private readonly TaskCompletionSource _closedByClient = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RespFrameScanner _scanner = new();

    public bool OneByteAtATime { get; init; } = true;

    /// <summary>Completes when the client disposed its side.</summary>
    public Task ClosedByClient => _closedByClient.Task;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads exactly as many bytes as <paramref name="expected"/> has, and asserts they are those.</summary>
    public async Task ExpectAsync(string expected)
    {
        var want = Encoding.UTF8.GetByteCount(expected);
        var result = await _toServer.Reader.ReadAtLeastAsync(want).DefaultTimeout();
        var got = Encoding.UTF8.GetString(result.Buffer.Slice(0, Math.Min(want, result.Buffer.Length)));
        _toServer.Reader.AdvanceTo(result.Buffer.GetPosition(Math.Min(want, result.Buffer.Length)));
        Assert.Equal(expected, got);
    }

    /// <summary>Reads one whole command the client wrote and returns its parts as text (["SET", "k", "v"]).</summary>
    public async Task<string[]> ReadCommandAsync()
    {
        while (true)
        {
            var result = await _toServer.Reader.ReadAsync().DefaultTimeout();
            var bytes = result.Buffer.ToArray();
            if (RespReader.TryRead(bytes, _scanner, out var value, out var consumed))
            {
                _toServer.Reader.AdvanceTo(result.Buffer.GetPosition(consumed));
                return [.. value!.Items.Select(item => item.AsString()!)];
            }

            Assert.False(result.IsCompleted, "The client closed the connection in the middle of a command.");
            _toServer.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Sends raw RESP to the client.</summary>
    public async Task SendAsync(string raw) => await _toClient.Writer.WriteAsync(Encoding.UTF8.GetBytes(raw)).DefaultTimeout();

    /// <summary>The server hangs up: the client reads end of stream.</summary>
    public void Disconnect() => _toClient.Writer.Complete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var result = await _toClient.Reader.ReadAsync(cancellationToken);
        if (result.IsCanceled || (result.Buffer.IsEmpty && result.IsCompleted))
        {
            _toClient.Reader.AdvanceTo(result.Buffer.Start);
            return 0;
        }

        var count = (int)Math.Min(OneByteAtATime ? 1 : buffer.Length, Math.Min(buffer.Length, result.Buffer.Length));
        result.Buffer.Slice(0, count).CopyTo(buffer.Span);
        _toClient.Reader.AdvanceTo(result.Buffer.GetPosition(count));
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        await _toServer.Writer.WriteAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Async only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Async only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _toClient.Reader.CancelPendingRead();
            _toServer.Writer.Complete();
            _closedByClient.TrySetResult();
        }

        base.Dispose(disposing);
    }
}
