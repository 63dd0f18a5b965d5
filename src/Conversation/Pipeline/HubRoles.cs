namespace ChatHub.Conversation.Pipeline;

/// <summary>Parses and holds the roles of this process.</summary>
public sealed class HubRoles
{
    public HubRoles(HubRole roles) => Roles = roles;

    public HubRole Roles { get; }

    public bool Has(HubRole role) => (Roles & role) == role;

    /// <summary>Parses <c>all</c> or a comma-separated list of <c>ingress</c>, <c>worker</c>, <c>egress</c>.</summary>
    public static bool TryParse(string? text, out HubRole roles, out string? error)
    {
        roles = HubRole.None;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            roles = HubRole.All;
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "all": roles |= HubRole.All; break;
                case "ingress": roles |= HubRole.Ingress; break;
                case "worker": roles |= HubRole.Worker; break;
                case "egress": roles |= HubRole.Egress; break;
                default:
                    error = $"Hub:Roles has an unknown role '{part}'. Use 'all' or a comma-separated list of ingress, worker, egress.";
                    return false;
            }
        }

        if (roles == HubRole.None)
        {
            error = "Hub:Roles names no role. Use 'all' or a comma-separated list of ingress, worker, egress.";
            return false;
        }

        return true;
    }

    public override string ToString() => Roles == HubRole.All ? "all" : Roles.ToString().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
}
