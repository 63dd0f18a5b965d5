namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>op 2 IDENTIFY. Carries the token: never logged.</summary>
internal sealed record IdentifyData
{
    public required string Token { get; init; }

    public required int Intents { get; init; }

    public required IdentifyProperties Properties { get; init; }

    internal sealed record IdentifyProperties
    {
        public required string Os { get; init; }

        public string Browser { get; init; } = "chathub";

        public string Device { get; init; } = "chathub";
    }
}
