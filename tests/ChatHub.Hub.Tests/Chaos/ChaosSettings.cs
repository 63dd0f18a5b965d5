namespace ChatHub.Hub.Tests.Chaos;

/// <summary>Hub settings for the chaos runs: load from few chats, so the per-person limits are lifted.</summary>
internal static class ChaosSettings
{
    /// <summary>
    /// Per-person rate limits off and Telegram's outbound budgets at the most the hub allows (a chat here sends faster
    /// than a person types); the production retry delays (the test settings' fast ones would use the whole retry budget
    /// inside a two-second outage). <paramref name="overrides"/> add or replace keys.
    /// </summary>
    public static Dictionary<string, string?> ForTelegram(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false",
            ["Channels:Telegram:PerChatPerSecond"] = "30",
            ["Channels:Telegram:PerChatBurst"] = "30",
            ["Channels:Telegram:GlobalPerSecond"] = "1000",
            ["Channels:Telegram:RetryBaseDelay"] = "00:00:00.500",
            ["Channels:Telegram:RetryMaxDelay"] = "00:00:10",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Per-person rate limits off (a web-chat client here sends faster than a person types); <paramref name="overrides"/> add or replace keys.</summary>
    public static Dictionary<string, string?> ForWebChat(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
