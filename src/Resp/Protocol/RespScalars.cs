using System.Buffers;
using System.Globalization;

namespace ChatHub.Resp.Protocol;

/// <summary>Validation of RESP3 scalar lines, shared by the scanner and the reader.</summary>
internal static class RespScalars
{
    private static readonly SearchValues<byte> DoubleCharacters = SearchValues.Create("0123456789+-.eE"u8);

    public static double ParseDouble(ReadOnlySpan<byte> line)
    {
        if (line.SequenceEqual("inf"u8) || line.SequenceEqual("+inf"u8))
        {
            return double.PositiveInfinity;
        }

        if (line.SequenceEqual("-inf"u8))
        {
            return double.NegativeInfinity;
        }

        if (line.SequenceEqual("nan"u8) || line.SequenceEqual("-nan"u8))
        {
            return double.NaN;
        }

        // Only digits, sign, point and exponent: .NET would also take "Infinity", thousands separators and spaces.
        double value = 0;
        if (line.IsEmpty || line.ContainsAnyExcept(DoubleCharacters)
            || !double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            RespLines.Throw($"Invalid double '{RespLines.Show(line)}'.");
        }

        return value;
    }

    public static bool ParseBoolean(ReadOnlySpan<byte> line)
    {
        if (line.Length == 1 && line[0] is (byte)'t' or (byte)'f')
        {
            return line[0] == (byte)'t';
        }

        RespLines.Throw($"Invalid boolean '{RespLines.Show(line)}'.");
        return false;
    }

    public static void ValidateBigNumber(ReadOnlySpan<byte> line)
    {
        var digits = line.Length > 0 && line[0] is (byte)'-' or (byte)'+' ? line[1..] : line;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            RespLines.Throw($"Invalid big number '{RespLines.Show(line)}'.");
        }
    }

    public static void ValidateNull(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty)
        {
            RespLines.Throw($"Invalid null '_{RespLines.Show(line)}'.");
        }
    }

    public static void ValidateVerbatim(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 || payload[3] != (byte)':')
        {
            RespLines.Throw("A verbatim string must start with a three-byte format and a colon.");
        }
    }
}
