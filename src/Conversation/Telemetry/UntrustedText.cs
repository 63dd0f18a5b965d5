using System.Globalization;
using System.Text;

namespace ChatHub.Conversation.Telemetry;

/// <summary>
/// A string that came from outside (a platform, a caller, a token, a request path), as a log argument. A log
/// method declares such a parameter as <see cref="UntrustedText"/> and callers pass the string (implicit conversion);
/// it is escaped only when the message is formatted (<see cref="ToString"/>), so a disabled level costs nothing.
/// The escaped text can never start a new line, move the cursor, reorder or hide text, or flood the log:
/// <list type="bullet">
/// <item>control characters (C0, DEL, C1 with NEL), the Unicode line and paragraph separators and the bidirectional
/// controls are written as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\uXXXX</c>, and a backslash is doubled, so every
/// escape in the output is ours;</item>
/// <item>at most <see cref="MaxLength"/> characters are kept (never half a surrogate pair), then "…";</item>
/// <item>null is written as <c>(none)</c>.</item>
/// </list>
/// Structured providers (JSON console, OpenTelemetry) also get the escaped text: they format unknown values with ToString.
/// </summary>
public readonly struct UntrustedText : IEquatable<UntrustedText>
{
    /// <summary>The longest untrusted value written to a log, in UTF-16 characters.</summary>
    public const int MaxLength = 200;

    public UntrustedText(string? value) => Value = value;

    /// <summary>The raw value (never log this).</summary>
    public string? Value { get; }

    public static implicit operator UntrustedText(string? value) => new(value);

    public static UntrustedText FromString(string? value) => new(value);

    public static bool operator ==(UntrustedText left, UntrustedText right) => left.Equals(right);

    public static bool operator !=(UntrustedText left, UntrustedText right) => !left.Equals(right);

    /// <summary>The value made safe for one log line (see the type's remarks).</summary>
    public static string Escape(string? value, int maxLength = MaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (value is null)
        {
            return "(none)";
        }

        var cut = value.Length > maxLength;
        var end = cut ? maxLength - (char.IsHighSurrogate(value[maxLength - 1]) ? 1 : 0) : value.Length;
        var first = IndexOfUnsafe(value.AsSpan(0, end));
        if (first < 0)
        {
            return cut ? string.Concat(value.AsSpan(0, end), "…") : value;
        }

        var text = new StringBuilder(end + 16).Append(value, 0, first);
        for (var i = first; i < end; i++)
        {
            var c = value[i];
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                '\r' => text.Append(@"\r"),
                '\t' => text.Append(@"\t"),
                _ when IsUnsafe(c) => text.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        return cut ? text.Append('…').ToString() : text.ToString();
    }

    public override string ToString() => Escape(Value);

    public bool Equals(UntrustedText other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is UntrustedText other && Equals(other);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    private static int IndexOfUnsafe(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' || IsUnsafe(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Characters that break, reorder or hide a log line.</summary>
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) // C0, DEL and C1 (NEL U+0085 included)
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E' // bidirectional embeddings and overrides
        || c is >= '\u2066' and <= '\u2069' // bidirectional isolates
        || c is '\u200E' or '\u200F' or '\u061C'; // directional marks
}
