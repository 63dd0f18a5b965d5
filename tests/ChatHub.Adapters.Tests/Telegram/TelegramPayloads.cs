using System.Text;
using ChatHub.Adapters.Telegram.Api;
using Telegram.Bot.Types;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>The recorded-shape Update payloads under Payloads/telegram (copied to the output folder).</summary>
internal static class TelegramPayloads
{
    public static string Read(string name) => System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "telegram", name + ".json"));

    /// <summary>Read as the webhook and polling read it.</summary>
    public static Update Load(string name) =>
        TelegramUpdateReader.TryRead(Encoding.UTF8.GetBytes(Read(name)), out var reason) ?? throw new InvalidOperationException($"{name}: {reason}");
}
