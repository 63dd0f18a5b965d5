using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Makes hostile bodies from a valid JSON payload, deterministically from a <see cref="Random"/>:
/// <list type="bullet">
/// <item>structural mutations on the tree: field deletion, type swaps, boundary values (huge numbers, NaN-like
/// tokens, lone surrogates, control characters, long strings), duplicated keys, nulls;</item>
/// <item>byte mutations on the serialized body: bit flips, truncation, invalid UTF-8, splices;</item>
/// <item>pure generation: random JSON, nesting past the depth limit, non-object roots, empty and oversize bodies,
/// random bytes.</item>
/// </list>
/// Raw tokens that a JSON tree cannot hold (NaN, duplicate keys, lone-surrogate escapes) go through a placeholder that
/// is replaced in the serialized text.
/// </summary>
public static class JsonMutator
{
    private const string Placeholder = "@@FUZZ_PLACEHOLDER@@";

    public static readonly string[] BoundaryTokens =
    [
        "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "1e308", "1e309", "-0", "0.5", "1.0", "1E3", "NaN", "Infinity",
        "-Infinity", "nan", "null", "true", "false", "\"\"", "\" \"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud83d\"",
        "\"\\u0000\"", "\"\\u001b[31m\\u0007\"", "\"\\u202e\\u200f\"", "\"\\uFFFF\\uFFFE\"", "\"-1\"", "\"9223372036854775808\"",
        "[]", "{}", "[null]", "[{}]", "00", "+1", ".5", "0x10", "'single'", "\"" + new string('x', 5000) + "\"",
        "\"\\t\\r\\n\"", "\"\\ud83d\\ude00\"",
    ];

    private static readonly string[] SwapValues = ["\"str\"", "42", "-7.25", "true", "false", "null", "{}", "[]", "[1,2]", "{\"a\":1}"];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0xC0, 0xAF], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    /// <summary>Names worth generating: the platforms' own field names make random JSON reach deeper into the mappers.</summary>
    private static readonly string[] Keys =
    [
        "update_id", "message", "edited_message", "channel_post", "callback_query", "message_id", "chat", "id", "type", "text",
        "from", "entities", "offset", "length", "is_bot", "date", "data", "caption", "reply_to_message", "serviceUrl",
        "channelId", "conversation", "recipient", "membersAdded", "mentioned", "isGroup", "conversationType", "content",
        "channel_id", "author", "mentions", "guild_id", "x", "",
    ];

    /// <summary>One structural or byte mutation of <paramref name="seed"/>, chosen by <paramref name="random"/>.</summary>
    public static (string Strategy, byte[] Body, bool KnownInvalid) Mutate(JsonNode seed, Random random)
    {
        switch (random.Next(9))
        {
            case 0: return ("delete-field", Serialize(Structural(seed, random, (_, _) => null, delete: true)), false);
            case 1: return ("type-swap", Serialize(Structural(seed, random, (r, _) => Pick(r, SwapValues), delete: false)), false);
            case 2:
            case 3: return ("boundary-value", Serialize(Structural(seed, random, (r, _) => Pick(r, BoundaryTokens), delete: false)), false);
            case 4: return ("duplicate-key", Serialize(DuplicateKey(seed, random)), false);
            case 5: return ("bit-flip", BitFlip(Serialize(seed.ToJsonString()), random), false);
            case 6: return ("truncate", Truncate(Serialize(seed.ToJsonString()), random), true);
            case 7: return ("invalid-utf8", InsertInvalidUtf8(Serialize(seed.ToJsonString()), random), true);
            default: return ("splice", Splice(Serialize(seed.ToJsonString()), random), false);
        }
    }

    /// <summary>A generated body unrelated to any payload (or one with a mandatory prefix for deep nesting).</summary>
    public static (string Strategy, byte[] Body, bool KnownInvalid) Generate(Random random, int maxBodyBytes, string deepPrefix)
    {
        switch (random.Next(8))
        {
            case 0: return ("random-json", Serialize(RandomJson(random, 0, objectRoot: true)), false);
            case 1: return ("random-json-any-root", Serialize(RandomJson(random, 0, objectRoot: false)), false);
            case 2:
                var depth = Pick(random, [65, 100, 1000, 20_000]);
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                return ("deep-nesting", Serialize(deepPrefix + Repeat(open, depth) + "1" + Repeat(close, depth) + "}"), true);
            case 3: return ("non-object-root", Serialize(Pick(random, ["[]", "[{}]", "\"update\"", "42", "null", "true", "-0.0"])), true);
            case 4: return ("empty", Serialize(Pick(random, ["", " ", "\r\n\t", "\u00a0"])), true);
            case 5: return ("oversize", Oversize(maxBodyBytes + 1 + random.Next(4096)), true);
            case 6:
                var bytes = new byte[random.Next(1, 256)];
                random.NextBytes(bytes);
                return ("random-bytes", bytes, false);
            default: return ("unbalanced", Serialize(Pick(random, ["{", "}", "{\"update_id\":", "{\"a\":1,}", "{'a':1}", "{\"a\" 1}", "{\"a\":1}}", "{\"a\":1}{\"b\":2}", "{/*c*/\"a\":1}"])), true);
        }
    }

    public static byte[] Serialize(string text) => Encoding.UTF8.GetBytes(text);

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Replaces (or deletes) one randomly chosen value anywhere in a copy of <paramref name="seed"/>.</summary>
    public static string Structural(JsonNode seed, Random random, Func<Random, JsonNode?, string?> replacement, bool delete)
    {
        var copy = seed.DeepClone();
        var slots = Slots(copy).ToList();
        if (slots.Count == 0)
        {
            return copy.ToJsonString();
        }

        var (parent, key, index) = Pick(random, slots);
        if (delete)
        {
            if (parent is JsonObject o)
            {
                o.Remove(key!);
            }
            else
            {
                ((JsonArray)parent).RemoveAt(index);
            }

            return copy.ToJsonString();
        }

        var current = parent is JsonObject obj ? obj[key!] : ((JsonArray)parent)[index];
        var raw = replacement(random, current)!;
        return Substitute(copy, parent, key, index, raw);
    }

    /// <summary>Sets the value at <paramref name="path"/> (dot-separated object keys) to a raw JSON token, or removes it when null.</summary>
    public static string SetRaw(JsonNode seed, string path, string? raw)
    {
        var copy = seed.DeepClone();
        var parts = path.Split('.');
        JsonNode? parent = copy;
        foreach (var part in parts[..^1])
        {
            parent = parent?[part];
        }

        if (parent is not JsonObject target)
        {
            return copy.ToJsonString();
        }

        if (raw is null)
        {
            target.Remove(parts[^1]);
            return copy.ToJsonString();
        }

        return Substitute(copy, target, parts[^1], 0, raw);
    }

    private static string Substitute(JsonNode root, JsonNode parent, string? key, int index, string raw)
    {
        if (parent is JsonObject o)
        {
            o[key!] = Placeholder;
        }
        else
        {
            ((JsonArray)parent)[index] = Placeholder;
        }

        return root.ToJsonString().Replace("\"" + Placeholder + "\"", raw, StringComparison.Ordinal);
    }

    private static string DuplicateKey(JsonNode seed, Random random)
    {
        var copy = seed.DeepClone();
        var objects = Slots(copy).Where(s => s.Parent is JsonObject).ToList();
        if (objects.Count == 0)
        {
            return copy.ToJsonString();
        }

        var (parent, key, _) = Pick(random, objects);
        var original = ((JsonObject)parent)[key!]?.ToJsonString() ?? "null";
        var other = random.Next(2) == 0 ? Pick(random, SwapValues) : Pick(random, BoundaryTokens);
        // Either the original first (a later duplicate overrides it) or the other way round.
        var raw = random.Next(2) == 0
            ? $"{original},\"{key}\":{other}"
            : $"{other},\"{key}\":{original}";
        return Substitute(copy, parent, key, 0, raw);
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    yield return (o, key, 0);
                    if (value is not null)
                    {
                        foreach (var slot in Slots(value))
                        {
                            yield return slot;
                        }
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, null, i);
                    if (a[i] is { } item)
                    {
                        foreach (var slot in Slots(item))
                        {
                            yield return slot;
                        }
                    }
                }

                break;
        }
    }

    private static byte[] BitFlip(byte[] body, Random random)
    {
        var copy = (byte[])body.Clone();
        for (var flips = random.Next(1, 5); flips > 0 && copy.Length > 0; flips--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] Truncate(byte[] body, Random random) => body.AsSpan(0, random.Next(body.Length)).ToArray();

    private static byte[] InsertInvalidUtf8(byte[] body, Random random)
    {
        // Inside a string value when there is one (the hardest place for a parser), else anywhere.
        var quotes = Enumerable.Range(0, body.Length).Where(i => body[i] == (byte)'"').ToList();
        var at = quotes.Count > 0 ? Pick(random, quotes) + 1 : random.Next(body.Length + 1);
        return [.. body.AsSpan(0, at), .. Pick(random, InvalidUtf8), .. body.AsSpan(at)];
    }

    private static byte[] Splice(byte[] body, Random random)
    {
        if (body.Length < 2)
        {
            return body;
        }

        var start = random.Next(body.Length);
        var length = random.Next(1, Math.Min(64, body.Length - start) + 1);
        return random.Next(2) == 0
            ? [.. body.AsSpan(0, start + length), .. body.AsSpan(start, length), .. body.AsSpan(start + length)] // duplicate a range
            : [.. body.AsSpan(0, start), .. body.AsSpan(start + length)]; // delete a range
    }

    private static byte[] Oversize(int bytes) =>
        Serialize("{\"update_id\":1,\"type\":\"message\",\"pad\":\"" + new string('a', bytes) + "\"}");

    private static string RandomJson(Random random, int depth, bool objectRoot)
    {
        var kind = objectRoot ? 0 : random.Next(depth > 4 ? 2 : 7);
        switch (kind)
        {
            case 0:
                var fields = Enumerable.Range(0, random.Next(depth > 4 ? 1 : 6))
                    .Select(_ => $"\"{Pick(random, Keys)}\":{RandomJson(random, depth + 1, objectRoot: false)}");
                return "{" + string.Join(',', fields) + "}";
            case 1:
                return Pick(random, BoundaryTokens);
            case 2:
                return "[" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1, objectRoot: false))) + "]";
            case 3:
                return random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture);
            case 4:
                return "\"" + RandomText(random) + "\"";
            default:
                return Pick(random, SwapValues);
        }
    }

    /// <summary>Short text with escapes a parser must handle: quotes, control characters, surrogates (paired or not).</summary>
    public static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            builder.Append(Pick(random, ["a", "Ж", "😀", "\\\"", "\\\\", "\\n", "\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u202e", " ", "/", "@", "<at>x</at>"]));
        }

        return builder.ToString();
    }

    private static string Repeat(string value, int count) => new StringBuilder(value.Length * count).Insert(0, value, count).ToString();
}
