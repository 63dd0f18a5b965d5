using System.Diagnostics.CodeAnalysis;

namespace ChatHub.Resp.Protocol;

/// <summary>Line-level helpers shared by the scanner (framing) and the reader (interpreting).</summary>
internal static class RespLines
{
    /// <summary>
    /// Finds the CRLF that ends the line starting at <paramref name="start"/>. Returns false when more bytes are needed;
    /// <paramref name="lineEnd"/> is the index of the CR and the next line starts at <c>lineEnd + 2</c>.
    /// </summary>
    public static bool TryFindLineEnd(ReadOnlySpan<byte> buffer, int start, int maxLineLength, out int lineEnd)
    {
        var window = buffer[start..];
        if (window.Length > maxLineLength + 2)
        {
            window = window[..(maxLineLength + 2)];
        }

        var index = window.IndexOfAny((byte)'\r', (byte)'\n');
        if (index < 0)
        {
            if (window.Length > maxLineLength)
            {
                Throw($"Line longer than the maximum of {maxLineLength} bytes.");
            }

            lineEnd = -1;
            return false;
        }

        if (window[index] == (byte)'\n')
        {
            Throw("Line feed without a carriage return (missing CRLF).");
        }

        if (index > maxLineLength)
        {
            Throw($"Line longer than the maximum of {maxLineLength} bytes.");
        }

        if (index + 1 == window.Length)
        {
            lineEnd = -1;
            return false;
        }

        if (window[index + 1] != (byte)'\n')
        {
            Throw("Carriage return not followed by a line feed (missing CRLF).");
        }

        lineEnd = start + index;
        return true;
    }

    /// <summary>Parses a RESP integer line: an optional sign and at least one decimal digit, fitting a long.</summary>
    public static long ParseInteger(ReadOnlySpan<byte> line)
    {
        if (!TryParseInteger(line, out var value))
        {
            Throw($"Invalid integer '{Show(line)}'.");
        }

        return value;
    }

    /// <summary>Parses a length: digits only, or exactly <c>-1</c> when <paramref name="allowNull"/>; -1 means null.</summary>
    public static long ParseLength(ReadOnlySpan<byte> line, long max, bool allowNull, string what)
    {
        if (line.Length == 2 && line[0] == (byte)'-' && line[1] == (byte)'1')
        {
            if (!allowNull)
            {
                Throw($"A {what} cannot be null (-1).");
            }

            return -1;
        }

        long value = 0;
        if (line.IsEmpty || line[0] is (byte)'-' or (byte)'+' || !TryParseInteger(line, out value))
        {
            Throw($"Invalid {what} length '{Show(line)}'.");
        }

        if (value > max)
        {
            Throw($"The {what} length {value} exceeds the maximum of {max}.");
        }

        return value;
    }

    public static bool TryParseInteger(ReadOnlySpan<byte> line, out long value)
    {
        value = 0;
        var negative = false;
        var i = 0;
        if (line.Length > 0 && line[0] is (byte)'-' or (byte)'+')
        {
            negative = line[0] == (byte)'-';
            i = 1;
        }

        if (i == line.Length)
        {
            return false;
        }

        ulong magnitude = 0;
        for (; i < line.Length; i++)
        {
            var digit = (uint)(line[i] - '0');
            if (digit > 9 || magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>A printable, shortened rendering of bad input for exception messages.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > 32 ? bytes[..32] : bytes;
        var chars = new char[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            chars[i] = shown[i] is >= 0x20 and < 0x7F ? (char)shown[i] : '?';
        }

        return bytes.Length > 32 ? new string(chars) + "..." : new string(chars);
    }

    [DoesNotReturn]
    public static void Throw(string message) => throw new RespProtocolException(message);
}
