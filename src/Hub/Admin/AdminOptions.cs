namespace ChatHub.Hub.Admin;

/// <summary>
/// The admin API (<c>/admin</c>). Callers send one of the keys as <c>X-Api-Key</c>; each key has a name, which the logs
/// and the audit name (never the key). Several keys allow rotation: add the new one, move the callers, remove the old.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The name <see cref="ApiKey"/> goes by.</summary>
    public const string DefaultKeyName = "default";

    /// <summary>
    /// One key, named <c>default</c> (the setting before <see cref="Keys"/>; both may be set). Use a long random value
    /// (<c>openssl rand -base64 32</c>) and keep it in a secret store.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Named keys: <c>Admin:Keys:ops=…</c>, <c>Admin:Keys:backup-job=…</c>. The admin API exists only when a key is set.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A separate management address (<c>http://10.0.0.5:9090</c>; several separated by <c>;</c>, each with its port):
    /// when set, <c>/admin</c>, <c>/metrics</c> and the detailed <c>/readyz</c> are served only there, the public
    /// address answers <c>/readyz</c> with the status alone, and the management address serves nothing else.
    /// </summary>
    public string? Urls { get; set; }

    /// <summary>The configured keys by name (<see cref="ApiKey"/> as <see cref="DefaultKeyName"/>); empty keys are not set.</summary>
    public IReadOnlyList<(string Name, string Key)> NamedKeys()
    {
        var keys = new List<(string, string)>();
        if (!string.IsNullOrEmpty(ApiKey))
        {
            keys.Add((DefaultKeyName, ApiKey));
        }

        keys.AddRange(Keys.Where(k => !string.IsNullOrEmpty(k.Value)).OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, k.Value)));
        return keys;
    }

    public override string ToString() =>
        $"ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "*****")}, Keys=[{string.Join(", ", Keys.Keys.Order(StringComparer.Ordinal))}], Urls={Urls}";
}
