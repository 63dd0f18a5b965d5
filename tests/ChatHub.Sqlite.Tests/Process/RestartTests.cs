using System.Text.RegularExpressions;
using ChatHub.Testing.SignalR;

namespace ChatHub.Sqlite.Tests.Process;

/// <summary>
/// What a person learned the hub survives a restart of the embedded hub (kill -9, started again on the same folder):
/// a /link code issued before it is redeemable after it, /whoami after another shows both accounts, and a widget that
/// reconnects with its token gets its conversation's transcript (the token key and the transcript are in the file).
/// </summary>
public sealed partial class RestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task LinkCodeIssuedBeforeRestart_RedeemedAfterIt_WhoAmIAfterAnotherShowsBothAccounts()
    {
        await using var hub = await EmbeddedHub.StartAsync();
        using var stop = new CancellationTokenSource(Timeout);
        var telegram = new TelegramLoad(() => hub.Address, chats: 1, perChat: 1, rate: 1);
        const long chat = 91_001;

        await telegram.SendAsync(chat, 1, "/link", stop.Token);
        var issued = await hub.Telegram.NextToAsync(chat, "Your link code is", after: 0).WaitAsync(stop.Token);
        var code = LinkCode().Match(issued.Text).Value;
        Assert.False(string.IsNullOrEmpty(code), issued.Text);

        await hub.KillAsync();
        await hub.StartAsync().WaitAsync(stop.Token);
        await using (var widget = await WebChatUser.JoinAsync(hub.Address!).WaitAsync(stop.Token))
        {
            Assert.Contains("Linked:", await widget.AskAsync($"/link {code}").WaitAsync(stop.Token), StringComparison.Ordinal);
        }

        await hub.KillAsync();
        await hub.StartAsync().WaitAsync(stop.Token);
        var sent = hub.Telegram.Sent().Count;
        await telegram.SendAsync(chat, 2, "/whoami", stop.Token);
        var whoami = await hub.Telegram.NextToAsync(chat, "linked accounts", after: sent).WaitAsync(stop.Token);
        Assert.Contains("- telegram", whoami.Text, StringComparison.Ordinal);
        Assert.Contains("- webchat", whoami.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WidgetReconnectingAfterRestart_KeepsItsConversationAndGetsItsTranscript()
    {
        await using var hub = await EmbeddedHub.StartAsync();
        using var stop = new CancellationTokenSource(Timeout);
        string token, conversation, answer;
        await using (var widget = await WebChatUser.JoinAsync(hub.Address!).WaitAsync(stop.Token))
        {
            (token, conversation) = (widget.Token, widget.ConversationId);
            answer = await widget.AskAsync("What is ChatHub?").WaitAsync(stop.Token);
        }

        await hub.KillAsync();
        await hub.StartAsync().WaitAsync(stop.Token);

        await using var client = await SignalRTestClient.ConnectAsync(hub.Address!).WaitAsync(stop.Token);
        var joined = await client.InvokeAsync("Join", token, 0).WaitAsync(stop.Token);
        Assert.Equal(conversation, joined.GetProperty("conversationId").GetString()); // the token is still this hub's
        var replayed = (await client.NextAsync("Reply").WaitAsync(stop.Token))[0];
        Assert.Equal((answer, 1L, true), (replayed.GetProperty("text").GetString(), replayed.GetProperty("seq").GetInt64(), replayed.GetProperty("final").GetBoolean()));
        Assert.Equal(1, joined.GetProperty("lastSeq").GetInt64());
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex LinkCode();
}
