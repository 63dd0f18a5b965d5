using System.Globalization;
using System.Numerics;
using System.Text;

namespace ChatHub.Resp;

/// <summary>
/// One immutable RESP value. It owns copies of its bytes, so the buffers it was read from can be recycled at once.
/// Scalars keep their payload as bytes (text for simple strings, errors, big numbers and verbatim strings);
/// aggregates keep their elements (maps flat: key, value, key, value...).
/// </summary>
public sealed partial class RespValue
{
    private static readonly RespValue[] NoItems = [];
    private readonly byte[]? _bytes;
    private readonly RespValue[]? _items;
    private readonly long _integer;
    private readonly double _double;

    private RespValue(RespType type, byte[]? bytes, RespValue[]? items, long integer, double number)
    {
        Type = type;
        _bytes = bytes;
        _items = items;
        _integer = integer;
        _double = number;
    }

    /// <summary>The shared null value (RESP3 <c>_</c>, RESP2 <c>$-1</c> and <c>*-1</c>).</summary>
    public static RespValue Null { get; } = new(RespType.Null, null, null, 0, 0);

    public RespType Type { get; }

    public bool IsNull => Type == RespType.Null;

    /// <summary>True for <see cref="RespType.Error"/> and <see cref="RespType.BulkError"/>.</summary>
    public bool IsError => Type is RespType.Error or RespType.BulkError;

    /// <summary>True for arrays, maps, sets and pushes.</summary>
    public bool IsAggregate => Type is RespType.Array or RespType.Map or RespType.Set or RespType.Push;

    /// <summary>
    /// The payload bytes of a string-like value (for a verbatim string: the text after its <c>xxx:</c> format);
    /// empty for other kinds.
    /// </summary>
    public ReadOnlyMemory<byte> Bytes => Type == RespType.VerbatimString && _bytes is not null ? _bytes.AsMemory(4) : _bytes;

    /// <summary>The elements of an aggregate (a map's are flat: key, value, ...); empty for other kinds.</summary>
    public IReadOnlyList<RespValue> Items => _items ?? NoItems;

    /// <summary>The three-letter format of a verbatim string (<c>txt</c>, <c>mkd</c>), otherwise null.</summary>
    public string? VerbatimFormat =>
        Type == RespType.VerbatimString && _bytes is not null ? Encoding.ASCII.GetString(_bytes, 0, 3) : null;

    /// <summary>
    /// The value as text: UTF-8 payload of string-like values, the number of integers, doubles and booleans;
    /// null for <see cref="RespType.Null"/>. Throws for aggregates.
    /// </summary>
    public string? AsString() => Type switch
    {
        RespType.Null => null,
        RespType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RespType.Double => FormatDouble(_double),
        RespType.Boolean => _integer != 0 ? "true" : "false",
        RespType.SimpleString or RespType.Error or RespType.BulkString or RespType.BigNumber or RespType.BulkError
            or RespType.VerbatimString => Encoding.UTF8.GetString(Bytes.Span),
        _ => throw NotA("string"),
    };

    /// <summary>An integer, or a string/bulk string holding one (Redis replies <c>"42"</c> to GET of a counter).</summary>
    public long AsInt64()
    {
        if (Type is RespType.Integer or RespType.Boolean)
        {
            return _integer;
        }

        if (Type is RespType.BulkString or RespType.SimpleString or RespType.BigNumber
            && long.TryParse(Bytes.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw NotA("64-bit integer");
    }

    /// <summary>A RESP3 double, an integer, or a string holding a number.</summary>
    public double AsDouble()
    {
        if (Type == RespType.Double)
        {
            return _double;
        }

        if (Type == RespType.Integer)
        {
            return _integer;
        }

        if (Type is RespType.BulkString or RespType.SimpleString
            && double.TryParse(Bytes.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw NotA("double");
    }

    /// <summary>A RESP3 boolean, or an integer 0/1 (how RESP2 encodes booleans).</summary>
    public bool AsBoolean() => Type switch
    {
        RespType.Boolean => _integer != 0,
        RespType.Integer => _integer != 0,
        _ => throw NotA("boolean"),
    };

    /// <summary>A big number (or integer) as a <see cref="BigInteger"/>.</summary>
    public BigInteger AsBigInteger() => Type switch
    {
        RespType.Integer => _integer,
        RespType.BigNumber or RespType.BulkString or RespType.SimpleString =>
            BigInteger.Parse(Encoding.ASCII.GetString(Bytes.Span), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        _ => throw NotA("big number"),
    };

    /// <summary>
    /// The key/value pairs of a map, or of a flat array of even length (how RESP2 returns HGETALL and CONFIG GET).
    /// </summary>
    public IEnumerable<KeyValuePair<RespValue, RespValue>> AsPairs()
    {
        if (Type is not (RespType.Map or RespType.Array) || Items.Count % 2 != 0)
        {
            throw NotA("map");
        }

        return Pairs(Items);

        static IEnumerable<KeyValuePair<RespValue, RespValue>> Pairs(IReadOnlyList<RespValue> items)
        {
            for (var i = 0; i < items.Count; i += 2)
            {
                yield return new KeyValuePair<RespValue, RespValue>(items[i], items[i + 1]);
            }
        }
    }

    /// <summary>Creates the exception that this error value stands for.</summary>
    public RespServerException ToException() =>
        IsError ? new RespServerException(AsString() ?? "ERR") : throw NotA("error");

    private InvalidOperationException NotA(string what) => new($"A RESP {Type} value is not a {what}.");

    private static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
