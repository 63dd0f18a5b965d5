namespace ChatHub.Resp.Protocol;

/// <summary>
/// Interprets frames that <see cref="RespFrameScanner"/> has delimited, building immutable <see cref="RespValue"/>s that
/// own copies of their bytes. Attributes (<c>|</c>) are read and dropped. It trusts the scanner for the caps, but still
/// throws <see cref="RespProtocolException"/> rather than misreading a frame that is malformed or cut short.
/// </summary>
public static class RespReader
{
    /// <summary>
    /// Scans <paramref name="buffer"/> with <paramref name="scanner"/> and, when a whole frame is there, reads it.
    /// Returns false (and no value) when more bytes are needed.
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> buffer, RespFrameScanner scanner, out RespValue? value, out int consumed)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        if (scanner.Scan(buffer, out consumed) == RespScanStatus.NeedMoreData)
        {
            value = null;
            return false;
        }

        value = Read(buffer[..consumed]);
        return true;
    }

    /// <summary>Reads the single complete frame that <paramref name="frame"/> holds, nothing more and nothing less.</summary>
    public static RespValue Read(ReadOnlySpan<byte> frame)
    {
        var position = 0;
        var value = ReadValue(frame, ref position);
        if (position != frame.Length)
        {
            RespLines.Throw($"{frame.Length - position} bytes after the end of the frame.");
        }

        return value;
    }

    private static RespValue ReadValue(ReadOnlySpan<byte> frame, ref int position)
    {
        while (true)
        {
            if (position >= frame.Length)
            {
                RespLines.Throw("The frame ended before its value.");
            }

            var prefix = frame[position];
            var line = ReadLine(frame, ref position);
            switch (prefix)
            {
                case (byte)'+':
                    return RespValue.FromOwnedBytes(RespType.SimpleString, line.ToArray());
                case (byte)'-':
                    return RespValue.FromOwnedBytes(RespType.Error, line.ToArray());
                case (byte)':':
                    return RespValue.Integer(RespLines.ParseInteger(line));
                case (byte)'_':
                    RespScalars.ValidateNull(line);
                    return RespValue.Null;
                case (byte)'#':
                    return RespValue.Boolean(RespScalars.ParseBoolean(line));
                case (byte)',':
                    return RespValue.Double(RespScalars.ParseDouble(line));
                case (byte)'(':
                    RespScalars.ValidateBigNumber(line);
                    return RespValue.FromOwnedBytes(RespType.BigNumber, line.ToArray());
                case (byte)'$':
                    return ReadBulk(frame, ref position, line, RespType.BulkString);
                case (byte)'!':
                    return ReadBulk(frame, ref position, line, RespType.BulkError);
                case (byte)'=':
                    return ReadBulk(frame, ref position, line, RespType.VerbatimString);
                case (byte)'*':
                    return ReadAggregate(frame, ref position, line, RespType.Array, 1);
                case (byte)'~':
                    return ReadAggregate(frame, ref position, line, RespType.Set, 1);
                case (byte)'>':
                    return ReadAggregate(frame, ref position, line, RespType.Push, 1);
                case (byte)'%':
                    return ReadAggregate(frame, ref position, line, RespType.Map, 2);
                case (byte)'|':
                    var pairs = RespLines.ParseLength(line, int.MaxValue, allowNull: false, "attribute");
                    for (var i = 0L; i < pairs * 2; i++)
                    {
                        ReadValue(frame, ref position);
                    }

                    continue; // the attribute annotates the next value, which is the one returned
                default:
                    RespLines.Throw($"Unknown RESP type prefix (0x{prefix:X2}).");
                    return null;
            }
        }
    }

    private static RespValue ReadBulk(ReadOnlySpan<byte> frame, ref int position, ReadOnlySpan<byte> line, RespType type)
    {
        var length = RespLines.ParseLength(line, int.MaxValue, allowNull: type == RespType.BulkString, "bulk string");
        if (length < 0)
        {
            return RespValue.Null;
        }

        if (frame.Length - position < length + 2)
        {
            RespLines.Throw("The frame ended inside a bulk string.");
        }

        var payload = frame.Slice(position, (int)length);
        position += (int)length;
        if (frame[position] != (byte)'\r' || frame[position + 1] != (byte)'\n')
        {
            RespLines.Throw("Bulk string payload not followed by CRLF.");
        }

        position += 2;
        if (type == RespType.VerbatimString)
        {
            RespScalars.ValidateVerbatim(payload);
        }

        return RespValue.FromOwnedBytes(type, payload.ToArray());
    }

    private static RespValue ReadAggregate(
        ReadOnlySpan<byte> frame, ref int position, ReadOnlySpan<byte> line, RespType type, int itemsPerEntry)
    {
        var count = RespLines.ParseLength(line, int.MaxValue / 2, allowNull: type == RespType.Array, "aggregate");
        if (count < 0)
        {
            return RespValue.Null;
        }

        // Every element takes at least 3 bytes, so a count the frame cannot hold is rejected before allocating.
        var items = count * itemsPerEntry;
        if (items > (frame.Length - position) / 3)
        {
            RespLines.Throw("The frame ended inside an aggregate.");
        }

        var values = new RespValue[items];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadValue(frame, ref position);
        }

        return RespValue.FromOwnedItems(type, values);
    }

    private static ReadOnlySpan<byte> ReadLine(ReadOnlySpan<byte> frame, ref int position)
    {
        if (!RespLines.TryFindLineEnd(frame, position + 1, int.MaxValue - 2, out var lineEnd))
        {
            RespLines.Throw("The frame ended inside a line.");
        }

        var line = frame[(position + 1)..lineEnd];
        position = lineEnd + 2;
        return line;
    }
}
