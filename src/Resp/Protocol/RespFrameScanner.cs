namespace ChatHub.Resp.Protocol;

/// <summary>
/// Finds where one RESP2/RESP3 frame ends, without building any value (framing apart from interpreting).
/// It is incremental and resumable: given a buffer that starts at a frame and holds only part of it, it returns
/// <see cref="RespScanStatus.NeedMoreData"/> and remembers how far it got, so scanning the same frame again with more
/// bytes appended continues from there (linear in the frame's length, however it is split). After
/// <see cref="RespScanStatus.Done"/> it is ready for the next frame. Malformed input and input over the caps throw
/// <see cref="RespProtocolException"/>; after that the scanner must be <see cref="Reset"/> (the connection is dropped anyway).
/// Not thread-safe: one scanner per reader.
/// </summary>
public sealed class RespFrameScanner
{
    private readonly RespReaderOptions _options;
    private readonly long[] _remaining;
    private readonly bool[] _isAttribute;
    private int _depth;
    private int _offset;

    public RespFrameScanner(RespReaderOptions? options = null)
    {
        _options = options ?? RespReaderOptions.Default;
        _options.Validate();
        _remaining = new long[_options.MaxDepth];
        _isAttribute = new bool[_options.MaxDepth];
    }

    private enum Step
    {
        NeedMoreData,
        Completed,
        Opened,
    }

    /// <summary>
    /// Scans the frame at the start of <paramref name="buffer"/>. On <see cref="RespScanStatus.Done"/>,
    /// <paramref name="frameLength"/> is its length in bytes; otherwise 0. When resuming after
    /// <see cref="RespScanStatus.NeedMoreData"/>, pass the same bytes again with more appended.
    /// </summary>
    public RespScanStatus Scan(ReadOnlySpan<byte> buffer, out int frameLength)
    {
        if (buffer.Length < _offset)
        {
            throw new InvalidOperationException("Resuming a scan needs every byte that was passed before.");
        }

        var position = _offset;
        while (true)
        {
            switch (ScanElement(buffer, ref position))
            {
                case Step.NeedMoreData:
                    _offset = position;
                    frameLength = 0;
                    return RespScanStatus.NeedMoreData;
                case Step.Completed when CompleteElement():
                    Reset();
                    frameLength = position;
                    return RespScanStatus.Done;
                default:
                    break;
            }
        }
    }

    /// <summary>Forgets a partly scanned frame.</summary>
    public void Reset()
    {
        _depth = 0;
        _offset = 0;
    }

    /// <summary>Scans one element's header (and a scalar's payload); moves <paramref name="position"/> only on success.</summary>
    private Step ScanElement(ReadOnlySpan<byte> buffer, ref int position)
    {
        if (position >= buffer.Length)
        {
            return Step.NeedMoreData;
        }

        var prefix = buffer[position];
        if (!RespLines.TryFindLineEnd(buffer, position + 1, _options.MaxLineLength, out var lineEnd))
        {
            return Step.NeedMoreData;
        }

        var line = buffer[(position + 1)..lineEnd];
        var next = lineEnd + 2;
        switch (prefix)
        {
            case (byte)'+' or (byte)'-':
                break;
            case (byte)':':
                RespLines.ParseInteger(line);
                break;
            case (byte)'_':
                RespScalars.ValidateNull(line);
                break;
            case (byte)'#':
                RespScalars.ParseBoolean(line);
                break;
            case (byte)',':
                RespScalars.ParseDouble(line);
                break;
            case (byte)'(':
                RespScalars.ValidateBigNumber(line);
                break;
            case (byte)'$' or (byte)'!' or (byte)'=':
                var length = RespLines.ParseLength(line, _options.MaxBulkLength, prefix == (byte)'$', "bulk string");
                if (length >= 0)
                {
                    if (buffer.Length - next < length + 2)
                    {
                        return Step.NeedMoreData;
                    }

                    var end = next + (int)length;
                    if (buffer[end] != (byte)'\r' || buffer[end + 1] != (byte)'\n')
                    {
                        RespLines.Throw("Bulk string payload not followed by CRLF.");
                    }

                    if (prefix == (byte)'=')
                    {
                        RespScalars.ValidateVerbatim(buffer[next..end]);
                    }

                    next = end + 2;
                }

                break;
            case (byte)'*' or (byte)'~' or (byte)'>':
                var count = RespLines.ParseLength(line, _options.MaxAggregateLength, prefix == (byte)'*', "aggregate");
                position = next;
                return count > 0 ? Open(count, isAttribute: false) : Step.Completed;
            case (byte)'%' or (byte)'|':
                var pairs = RespLines.ParseLength(line, _options.MaxAggregateLength, allowNull: false, "map");
                position = next;
                return pairs > 0 ? Open(pairs * 2, isAttribute: prefix == (byte)'|')
                    : prefix == (byte)'|' ? Step.Opened : Step.Completed;
            default:
                RespLines.Throw($"Unknown RESP type prefix '{RespLines.Show(buffer.Slice(position, 1))}' (0x{prefix:X2}).");
                break;
        }

        position = next;
        return Step.Completed;
    }

    private Step Open(long count, bool isAttribute)
    {
        if (_depth == _options.MaxDepth)
        {
            RespLines.Throw($"Aggregates nested deeper than the maximum of {_options.MaxDepth}.");
        }

        _remaining[_depth] = count;
        _isAttribute[_depth] = isAttribute;
        _depth++;
        return Step.Opened;
    }

    /// <summary>Counts one finished element against the open aggregates; true when the whole frame is finished.</summary>
    private bool CompleteElement()
    {
        while (_depth > 0)
        {
            if (--_remaining[_depth - 1] > 0)
            {
                return false;
            }

            _depth--;
            if (_isAttribute[_depth])
            {
                // An attribute annotates the value that follows it: finishing it finishes no element.
                return false;
            }
        }

        return true;
    }
}
