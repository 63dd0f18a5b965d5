using System.Text;

namespace ChatHub.Resp;

/// <summary>Factories, equality and display.</summary>
public sealed partial class RespValue : IEquatable<RespValue>
{
    public static RespValue SimpleString(string text) => new(RespType.SimpleString, Utf8(text), null, 0, 0);

    public static RespValue Error(string message) => new(RespType.Error, Utf8(message), null, 0, 0);

    public static RespValue BulkError(string message) => new(RespType.BulkError, Utf8(message), null, 0, 0);

    public static RespValue Integer(long value) => new(RespType.Integer, null, null, value, 0);

    public static RespValue Boolean(bool value) => new(RespType.Boolean, null, null, value ? 1 : 0, 0);

    public static RespValue Double(double value) => new(RespType.Double, null, null, 0, value);

    public static RespValue BigNumber(string digits) => new(RespType.BigNumber, Utf8(digits), null, 0, 0);

    public static RespValue BulkString(string text) => new(RespType.BulkString, Utf8(text), null, 0, 0);

    /// <summary>A bulk string holding a copy of <paramref name="bytes"/>.</summary>
    public static RespValue BulkString(ReadOnlySpan<byte> bytes) => new(RespType.BulkString, bytes.ToArray(), null, 0, 0);

    /// <summary>A verbatim string: <paramref name="format"/> must be three ASCII characters such as <c>txt</c>.</summary>
    public static RespValue Verbatim(string format, string text)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.Length != 3 || Encoding.UTF8.GetByteCount(format) != 3)
        {
            throw new ArgumentException("A verbatim format is three ASCII characters.", nameof(format));
        }

        return new(RespType.VerbatimString, Utf8(format + ":" + text), null, 0, 0);
    }

    public static RespValue Array(params RespValue[] items) => Aggregate(RespType.Array, items);

    /// <summary>A map from flat items: key, value, key, value...</summary>
    public static RespValue Map(params RespValue[] flatItems)
    {
        ArgumentNullException.ThrowIfNull(flatItems);
        return flatItems.Length % 2 == 0
            ? Aggregate(RespType.Map, flatItems)
            : throw new ArgumentException("A map needs an even number of items.", nameof(flatItems));
    }

    public static RespValue Set(params RespValue[] items) => Aggregate(RespType.Set, items);

    public static RespValue Push(params RespValue[] items) => Aggregate(RespType.Push, items);

    /// <summary>Builds a scalar from bytes that the caller hands over (no copy); used by the reader.</summary>
    internal static RespValue FromOwnedBytes(RespType type, byte[] bytes) => new(type, bytes, null, 0, 0);

    internal static RespValue FromOwnedItems(RespType type, RespValue[] items) => new(type, null, items, 0, 0);

    public bool Equals(RespValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Type != Type || other._integer != _integer
            || !other._double.Equals(_double) || !Bytes.Span.SequenceEqual(other.Bytes.Span)
            || (Type == RespType.VerbatimString && VerbatimFormat != other.VerbatimFormat)
            || Items.Count != other.Items.Count)
        {
            return false;
        }

        for (var i = 0; i < Items.Count; i++)
        {
            if (!Items[i].Equals(other.Items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RespValue);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.Add(_integer);
        hash.Add(_double);
        hash.AddBytes(Bytes.Span);
        hash.Add(Items.Count);
        return hash.ToHashCode();
    }

    /// <summary>A readable form for tests and debugging, e.g. <c>Array[BulkString("a"), Integer(1)]</c>.</summary>
    public override string ToString() => Type switch
    {
        RespType.Null => "Null",
        RespType.Array or RespType.Map or RespType.Set or RespType.Push => $"{Type}[{string.Join(", ", Items)}]",
        RespType.VerbatimString => $"{Type}({VerbatimFormat}:\"{AsString()}\")",
        RespType.Integer or RespType.Boolean or RespType.Double => $"{Type}({AsString()})",
        _ => $"{Type}(\"{AsString()}\")",
    };

    private static RespValue Aggregate(RespType type, RespValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(type, null, (RespValue[])items.Clone(), 0, 0);
    }

    private static byte[] Utf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetBytes(text);
    }
}
