namespace ChatHub.Hub.Admin;

public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// The key callers send as <c>X-Api-Key</c>. The admin API (<c>/admin/...</c>) exists only when it is set; use a
    /// long random value (at least 32 characters) and keep it in a secret store.
    /// </summary>
    public string? ApiKey { get; set; }

    public override string ToString() => $"ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "*****")}";
}
