using Microsoft.Extensions.Options;

namespace ChatHub.Redis;

/// <summary>
/// Builds key and channel names under <see cref="RedisOptions.KeyPrefix"/>: <c>{prefix}{area}:{id}</c>, where the area
/// is a fixed name (it may contain colons) and the id comes last, so no two areas can produce the same key. The schema is
/// documented in src/Redis/README.md; change both together.
/// </summary>
public sealed class RedisKeyspace
{
    public RedisKeyspace(IOptions<RedisOptions> options)
        : this(options?.Value.KeyPrefix ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public RedisKeyspace(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary><c>{prefix}{area}</c>, for single keys and channels such as <c>identity:owners</c>.</summary>
    public string Key(string area) => Prefix + area;

    /// <summary><c>{prefix}{area}:{id}</c>.</summary>
    public string Key(string area, string id) => string.Concat(Prefix, area, ":", id);
}
