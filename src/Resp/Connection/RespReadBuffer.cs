using System.Buffers;

namespace ChatHub.Resp.Connection;

/// <summary>
/// A contiguous, pooled, growable receive buffer. Frames stay contiguous so the span-based scanner can read them;
/// the unread region only moves by compaction, which keeps offsets relative to its start (the scanner resumes on them).
/// </summary>
internal sealed class RespReadBuffer : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private const int ShrinkAbove = 1024 * 1024;
    private byte[] _array = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _start;
    private int _end;

    /// <summary>The bytes received and not yet consumed; a frame (or the start of one) begins at index 0.</summary>
    public ReadOnlySpan<byte> Unread => _array.AsSpan(_start, _end - _start);

    /// <summary>Space for the next read, at least <paramref name="minimum"/> bytes, after the unread bytes.</summary>
    public Memory<byte> GetWriteMemory(int minimum = 4096)
    {
        if (_start == _end)
        {
            _start = _end = 0;
            if (_array.Length > ShrinkAbove)
            {
                Replace(ArrayPool<byte>.Shared.Rent(InitialSize), 0);
            }
        }

        if (_array.Length - _end >= minimum)
        {
            return _array.AsMemory(_end);
        }

        var unread = _end - _start;
        if (_array.Length - unread >= minimum && _start >= unread)
        {
            // Compact only when the move is cheap compared to the space it frees; otherwise grow (amortized doubling).
            _array.AsSpan(_start, unread).CopyTo(_array);
            _start = 0;
            _end = unread;
            return _array.AsMemory(_end);
        }

        var needed = (long)unread + minimum;
        if (needed > Array.MaxLength)
        {
            throw new RespProtocolException("A frame larger than the largest possible buffer.");
        }

        var size = (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_array.Length * 2));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(_start, unread).CopyTo(bigger);
        Replace(bigger, unread);
        return _array.AsMemory(_end);
    }

    public void Advance(int count) => _end += count;

    public void Consume(int count) => _start += count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_array);
        _array = [];
        _start = _end = 0;
    }

    private void Replace(byte[] array, int unread)
    {
        ArrayPool<byte>.Shared.Return(_array);
        _array = array;
        _start = 0;
        _end = unread;
    }
}
