using System.Text.Json;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>What the oracle can say about a body.</summary>
public enum Verdict
{
    /// <summary>Well-formed for the platform's schema: the hub must take it (2xx), even if it then ignores it.</summary>
    Valid,

    /// <summary>Either answer is defensible (e.g. a null inside a list, a date string): never 5xx, never garbage on the bus.</summary>
    Unknown,

    /// <summary>Malformed: the hub must answer 4xx and publish nothing.</summary>
    Invalid,
}

/// <summary>
/// The test oracle: the platforms' documented field types, written down independently of the adapters' DTOs, and
/// checked on a <see cref="JsonDocument"/> (not on the adapter's deserializer). Rules: the body is valid UTF-8; integers must fit their
/// width (no fractions, exponents, quotes); strings must be strings whose escapes decode (no lone surrogates) where
/// the adapter reads them; required members must be present and non-null; unknown members are ignored (the
/// protocols ask for that); a repeated member that the hub reads is malformed (ambiguous JSON).
/// </summary>
public abstract record JsonShape
{
    public static readonly JsonShape Integer64 = new Scalar("int64");
    public static readonly JsonShape Integer32 = new Scalar("int32");
    public static readonly JsonShape Number = new Scalar("double");
    public static readonly JsonShape Bool = new Scalar("bool");
    public static readonly JsonShape Text = new Scalar("string");
    public static readonly JsonShape Date = new Scalar("date");

    /// <summary>Unix seconds as an integer that a <see cref="DateTime"/> can hold (0 to the end of year 9999).</summary>
    public static readonly JsonShape UnixTime = new Scalar("unixtime");
    public static readonly JsonShape Any = new Scalar("any");

    public static Verdict Worst(Verdict a, Verdict b) => (Verdict)Math.Max((int)a, (int)b);

    /// <summary>Parses with the adapter's depth limit (deeper is malformed) and checks the root against <paramref name="shape"/>.</summary>
    public static (Verdict Verdict, JsonDocument? Document) Check(byte[] body, JsonShape shape, int maxDepth)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return (Verdict.Invalid, null); // JSON text is UTF-8 (RFC 8259 §8.1), wherever the bad bytes are
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            return (Verdict.Invalid, null);
        }

        return (shape.Check(document.RootElement, nullable: false), document);
    }

    public abstract Verdict Check(JsonElement value, bool nullable);

    /// <summary>The last property named <paramref name="name"/> (duplicate keys: the last wins, as in System.Text.Json).</summary>
    public static bool TryGetLast(JsonElement obj, string name, bool ignoreCase, out JsonElement value)
    {
        value = default;
        var found = false;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                value = property.Value;
                found = true;
            }
        }

        return found;
    }

    public static bool TryGetString(JsonElement value, out string? text)
    {
        text = null;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // a lone surrogate escape
        }
    }

    private static bool HasRepeatedNames(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).Any(g => g.Count() > 1)
            || value.EnumerateObject().Any(p => HasRepeatedNames(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(HasRepeatedNames),
        _ => false,
    };

    private sealed record Scalar(string Kind) : JsonShape
    {
        public override Verdict Check(JsonElement value, bool nullable)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return nullable || Kind == "any" ? Verdict.Valid : Verdict.Invalid;
            }

            return Kind switch
            {
                "int64" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) ? Verdict.Valid : Verdict.Invalid,
                "int32" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? Verdict.Valid : Verdict.Invalid,
                "double" => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out _) ? Verdict.Valid : Verdict.Invalid,
                "bool" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? Verdict.Valid : Verdict.Invalid,
                "string" => TryGetString(value, out _) ? Verdict.Valid : Verdict.Invalid,
                "date" => value.ValueKind == JsonValueKind.String ? Verdict.Unknown : Verdict.Invalid,
                "unixtime" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253_402_300_799
                    ? Verdict.Valid : Verdict.Invalid,
                _ => HasRepeatedNames(value) ? Verdict.Unknown : Verdict.Valid,
            };
        }
    }
}

/// <summary>A JSON object: declared members (name, shape, required, nullable); others are ignored.</summary>
public sealed record ObjectShape(bool IgnoreCase = false) : JsonShape
{
    private readonly List<(string Name, Func<JsonShape> Shape, bool Required, bool Nullable)> _members = [];

    /// <summary>A member; <paramref name="shape"/> is lazy so that recursive types (a message's reply_to_message) can be declared.</summary>
    public ObjectShape Member(string name, Func<JsonShape> shape, bool required = false, bool nullable = true)
    {
        _members.Add((name, shape, required, nullable));
        return this;
    }

    public ObjectShape Member(string name, JsonShape shape, bool required = false, bool nullable = true) => Member(name, () => shape, required, nullable);

    public override Verdict Check(JsonElement value, bool nullable)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? Verdict.Valid : Verdict.Invalid;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return Verdict.Invalid;
        }

        var verdict = Verdict.Valid;
        var comparer = IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        foreach (var repeated in value.EnumerateObject().GroupBy(p => p.Name, comparer).Where(g => g.Count() > 1))
        {
            // A repeated member the hub reads is ambiguous JSON (parsers disagree on which one wins): refused.
            // A repeated unknown member is skipped unread: either answer is acceptable.
            verdict = Worst(verdict, _members.Any(m => comparer.Equals(m.Name, repeated.Key)) ? Verdict.Invalid : Verdict.Unknown);
        }

        if (verdict == Verdict.Invalid)
        {
            return verdict;
        }

        foreach (var (name, shape, required, memberNullable) in _members)
        {
            if (!TryGetLast(value, name, IgnoreCase, out var member))
            {
                if (required)
                {
                    return Verdict.Invalid;
                }

                continue;
            }

            verdict = Worst(verdict, shape().Check(member, memberNullable));
            if (verdict == Verdict.Invalid)
            {
                return verdict;
            }
        }

        return verdict;
    }
}

/// <summary>A JSON array of <paramref name="Element"/>; a null element is <see cref="Verdict.Unknown"/> (to be skipped, never to crash).</summary>
public sealed record ArrayShape(JsonShape Element) : JsonShape
{
    public override Verdict Check(JsonElement value, bool nullable)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? Verdict.Valid : Verdict.Invalid;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Verdict.Invalid;
        }

        var verdict = Verdict.Valid;
        foreach (var item in value.EnumerateArray())
        {
            verdict = Worst(verdict, item.ValueKind == JsonValueKind.Null ? Verdict.Unknown : Element.Check(item, nullable: false));
            if (verdict == Verdict.Invalid)
            {
                return verdict;
            }
        }

        return verdict;
    }
}
