using System.Globalization;
using System.Text;

namespace ChatHub.Resp;

/// <summary>
/// One command argument, sent as a bulk string: text (UTF-8), raw bytes, or an integer (decimal text).
/// Converts implicitly, so <c>["key", 42L, bytes]</c> is an argument list.
/// </summary>
public readonly struct RespArg : IEquatable<RespArg>
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly Kind _kind;

    private RespArg(string? text, ReadOnlyMemory<byte> bytes, long integer, Kind kind)
    {
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _kind = kind;
    }

    private enum Kind
    {
        Bytes,
        Text,
        Integer,
    }

    public static implicit operator RespArg(string text) => FromString(text);

    public static implicit operator RespArg(long value) => FromInt64(value);

    public static implicit operator RespArg(ReadOnlyMemory<byte> bytes) => FromBytes(bytes);

    public static implicit operator RespArg(byte[] bytes) => FromBytes(bytes);

    public static bool operator ==(RespArg left, RespArg right) => left.Equals(right);

    public static bool operator !=(RespArg left, RespArg right) => !left.Equals(right);

    /// <summary>Text, sent as UTF-8. Null is not an argument (Redis has no null argument).</summary>
    public static RespArg FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new RespArg(text, default, 0, Kind.Text);
    }

    public static RespArg FromInt64(long value) => new(null, default, value, Kind.Integer);

    /// <summary>Raw bytes; they are copied when the command is queued, so the caller may reuse them afterwards.</summary>
    public static RespArg FromBytes(ReadOnlyMemory<byte> bytes) => new(null, bytes, 0, Kind.Bytes);

    public static RespArg FromByteArray(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new RespArg(null, bytes, 0, Kind.Bytes);
    }

    /// <summary>The number of bytes the argument's payload takes on the wire.</summary>
    internal int ByteCount => _kind switch
    {
        Kind.Text => Encoding.UTF8.GetByteCount(_text!),
        Kind.Integer => CountDigits(_integer),
        _ => _bytes.Length,
    };

    /// <summary>Writes the payload into <paramref name="destination"/>, which holds exactly <see cref="ByteCount"/> bytes.</summary>
    internal void CopyTo(Span<byte> destination)
    {
        switch (_kind)
        {
            case Kind.Text:
                Encoding.UTF8.GetBytes(_text!, destination);
                break;
            case Kind.Integer:
                _integer.TryFormat(destination, out _, default, CultureInfo.InvariantCulture);
                break;
            default:
                _bytes.Span.CopyTo(destination);
                break;
        }
    }

    public bool Equals(RespArg other) => _kind == other._kind && _integer == other._integer
        && string.Equals(_text, other._text, StringComparison.Ordinal) && _bytes.Span.SequenceEqual(other._bytes.Span);

    public override bool Equals(object? obj) => obj is RespArg other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_kind, _integer, _text, _bytes.Length);

    /// <summary>Text and integers as they are; bytes as their length only (they may be anything, including secrets).</summary>
    public override string ToString() => _kind switch
    {
        Kind.Text => _text!,
        Kind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        _ => $"<{_bytes.Length} bytes>",
    };

    internal static int CountDigits(long value)
    {
        if (value == long.MinValue)
        {
            return 20;
        }

        var digits = value < 0 ? 2 : 1;
        var magnitude = Math.Abs(value);
        while (magnitude >= 10)
        {
            magnitude /= 10;
            digits++;
        }

        return digits;
    }
}
