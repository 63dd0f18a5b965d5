using System.Text.Json;
using ChatHub.Adapters.Telegram.BotApi;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>The recorded-shape Update payloads under Payloads/telegram (copied to the output folder).</summary>
internal static class TelegramPayloads
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "telegram", name + ".json"));

    public static Update Load(string name) => JsonSerializer.Deserialize(Read(name), TelegramJsonContext.Default.Update)!;
}
