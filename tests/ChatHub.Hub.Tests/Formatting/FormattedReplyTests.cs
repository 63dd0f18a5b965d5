using System.Runtime.CompilerServices;
using ChatHub.Hub.Tests.BotFramework;
using ChatHub.Hub.Tests.Discord;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.Discord;
using ChatHub.Testing.Formatting;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Formatting;

/// <summary>
/// Issue 21, formatting out, end to end through the hub on Kestrel: a model's Markdown reply with every construct and
/// the usual injection attempts (<see cref="GoldenMarkdown"/>) reaches each platform fake exactly as that platform
/// renders it natively and safely.
/// </summary>
public sealed class FormattedReplyTests
{
    internal static async IAsyncEnumerable<string> Once(string answer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return answer;
    }

    private static void AnswerWith(WebApplicationBuilder builder, string answer) =>
        builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(ct => Once(answer, ct)));

    [Fact]
    public async Task Telegram_GoldenReply_TextWithEntitiesAndNoParseMode()
    {
        const long chat = 9300000121;
        await using var hub = await TelegramHub.StartAsync(configure: b => AnswerWith(b, GoldenMarkdown.Reply));

        await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 7, "how do I set it up?"));
        var sent = (await hub.Fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout())[0];

        Assert.True(sent.Succeeded); // the fake checks every entity against the text, in UTF-16 units
        Assert.Equal(GoldenMarkdown.TelegramText, sent.Text);
        Assert.Equal(GoldenMarkdown.TelegramEntities, sent.Entities);
        Assert.Null(sent.ParseMode);
        Assert.Equal(7, sent.ReplyToMessageId);
    }

    [Fact]
    public async Task Discord_GoldenReply_EscapedMarkdownWithoutMentionsOrEmbeds()
    {
        const string channel = "750000000000000121";
        await using var hub = await DiscordHub.StartAsync(configure: b => AnswerWith(b, GoldenMarkdown.Reply)).DefaultTimeout();
        await hub.WaitForSessionAsync();

        hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(DiscordPayloads.NextId(), channel, "how do I set it up?"));
        var created = (await hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout())[0];

        Assert.Equal(GoldenMarkdown.DiscordText, created.Content);
        Assert.Equal(4, created.Body["flags"]?.GetValue<int>()); // SUPPRESS_EMBEDS
        Assert.Empty(created.Body["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Teams_GoldenReply_MarkdownActivityWithEscapedText()
    {
        await using var hub = await BotFrameworkHub.StartAsync(configure: b => AnswerWith(b, GoldenMarkdown.Reply));
        var conversation = "a:1formatted" + BotFrameworkHub.NextId();

        await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, "how do I set it up?"));
        var reply = (await hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout())[0];

        Assert.Equal(GoldenMarkdown.TeamsText, reply.Text);
        Assert.Equal("markdown", reply.Body["textFormat"]!.GetValue<string>());
        Assert.Null(reply.Body["entities"]); // no mention entity: nobody is notified
    }
}
