using System.Buffers;
using ChatHub.Resp.Protocol;

namespace ChatHub.Resp.Connection;

/// <summary>The single writer loop and the single read loop.</summary>
internal sealed partial class RespPhysicalConnection
{
    private async Task WriteLoopAsync()
    {
        var token = _shutdown.Token;
        try
        {
            while (true)
            {
                await _flushSignal.WaitAsync(token).ConfigureAwait(false);
                ArrayBufferWriter<byte> batch;
                lock (_gate)
                {
                    // Swap buffers: callers keep appending to the other one while this batch is on its way.
                    batch = _queued;
                    _queued = _flushing;
                    _flushing = batch;
                    _flushRequested = false;
                }

                await _stream.WriteAsync(batch.WrittenMemory, token).ConfigureAwait(false);
                await _stream.FlushAsync(token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (batch.Capacity > KeepBufferBelow)
                    {
                        _flushing = new ArrayBufferWriter<byte>(4096);
                    }
                    else
                    {
                        batch.ResetWrittenCount();
                    }
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        var token = _shutdown.Token;
        using var buffer = new RespReadBuffer();
        var scanner = new RespFrameScanner(_readerOptions);
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer.GetWriteMemory(), token).ConfigureAwait(false);
                if (read == 0)
                {
                    Fail(new RespConnectionException($"The server at {Endpoint} closed the connection."));
                    return;
                }

                buffer.Advance(read);
                while (RespReader.TryRead(buffer.Unread, scanner, out var value, out var consumed))
                {
                    buffer.Consume(consumed);
                    Dispatch(value!);
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private void Dispatch(RespValue value)
    {
        if (_isOutOfBand?.Invoke(value) == true)
        {
            _onOutOfBand?.Invoke(value);
            return;
        }

        if (!_awaiting.TryDequeue(out var reply))
        {
            throw new RespProtocolException($"A {value.Type} reply arrived with no command waiting for it.");
        }

        reply.Complete(value);
    }
}
