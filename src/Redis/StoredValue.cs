using System.Globalization;

namespace ChatHub.Redis;

/// <summary>
/// Stored values that scripts must order by time: <c>{utcTicks:D19}|{payload}</c>. Nineteen digits hold every
/// <see cref="DateTimeOffset"/>, so string order is time order and Lua compares them exactly.
/// </summary>
internal static class StoredValue
{
    public const int TicksLength = 19;

    public static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    public static string Encode(DateTimeOffset at, string payload) => string.Concat(Ticks(at), "|", payload);

    public static string Payload(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= TicksLength || value[TicksLength] != '|')
        {
            throw new FormatException("A stored value does not start with its time.");
        }

        return value[(TicksLength + 1)..];
    }
}
