using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Inference.Knowledge;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Realtime;

/// <summary>The web-chat protocol on real Kestrel with a SignalR client: answers, catch-up, de-duplication, bad input.</summary>
public sealed class ChatRealtimeHubTests : IClassFixture<HubServerFixture>
{
    private readonly HubServerFixture _hub;

    public ChatRealtimeHubTests(HubServerFixture hub) => _hub = hub;

    private static string ExpectedAnswer(string question)
    {
        var kb = KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md"));
        return kb.Entries.Single(e => e.Question == question).Answer;
    }

    private static async Task<JsonElement> NextFinalReplyAsync(SignalRTestClient client)
    {
        while (true)
        {
            var reply = (await client.NextAsync("Reply"))[0];
            if (reply.GetProperty("final").GetBoolean())
            {
                return reply;
            }
        }
    }

    [Fact]
    public async Task Send_KnowledgeBaseQuestion_RepliesWithItsAnswerAndSource()
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        var join = await client.InvokeAsync("Join", null, 0);
        var ack = await client.InvokeAsync("Send", "What is ChatHub?", "m-1");

        var reply = await NextFinalReplyAsync(client);

        Assert.True(ack.GetProperty("accepted").GetBoolean());
        Assert.False(string.IsNullOrEmpty(join.GetProperty("token").GetString()));
        Assert.Equal(ExpectedAnswer("What is ChatHub?"), reply.GetProperty("text").GetString());
        Assert.Contains(reply.GetProperty("source").GetString(), new[] { "cache", "knowledge" });
        Assert.Equal("m-1", reply.GetProperty("inReplyTo").GetString());
        Assert.Equal(1, reply.GetProperty("seq").GetInt64());
        Assert.False(reply.GetProperty("error").GetBoolean());
    }

    [Fact]
    public async Task Send_Question_TypingIndicatorBeforeReply()
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await client.InvokeAsync("Join", null, 0);
        await client.InvokeAsync("Send", "How do I add Telegram?", "m-1");

        var typing = (await client.NextAsync("Typing"))[0];
        Assert.True(typing.GetProperty("active").GetBoolean());
        await NextFinalReplyAsync(client);
    }

    [Fact]
    public async Task Join_AfterMissedReply_ReplaysItBeforeReturning()
    {
        // Tab A answers a first question, then goes offline; tab B (same conversation) asks a second one.
        var a = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        var join = await a.InvokeAsync("Join", null, 0);
        var token = join.GetProperty("token").GetString();
        await a.InvokeAsync("Send", "What is ChatHub?", "q-1");
        var first = await NextFinalReplyAsync(a);
        await a.DisposeAsync();

        await using var b = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await b.InvokeAsync("Join", token, first.GetProperty("seq").GetInt64());
        await b.InvokeAsync("Send", "/help", "q-2");
        var missed = await NextFinalReplyAsync(b);

        // A comes back with the last sequence it saw and catches up.
        await using var a2 = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        var rejoin = await a2.InvokeAsync("Join", token, first.GetProperty("seq").GetInt64());
        var replayed = a2.DrainEvents().Where(e => e.Target == "Reply").Select(e => e.Arguments[0]).ToList();

        Assert.Equal(join.GetProperty("conversationId").GetString(), rejoin.GetProperty("conversationId").GetString());
        var only = Assert.Single(replayed);
        Assert.Equal(missed.GetProperty("id").GetString(), only.GetProperty("id").GetString());
        Assert.Equal("q-2", only.GetProperty("inReplyTo").GetString());
        Assert.Equal(first.GetProperty("seq").GetInt64() + 1, only.GetProperty("seq").GetInt64());
        Assert.Equal(only.GetProperty("seq").GetInt64(), rejoin.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Send_SameClientMessageIdTwice_AnsweredOnce()
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await client.InvokeAsync("Join", null, 0);
        var first = await client.InvokeAsync("Send", "What is ChatHub?", "dup-1");
        var second = await client.InvokeAsync("Send", "What is ChatHub?", "dup-1");
        await client.InvokeAsync("Send", "/help", "after-1");

        // Replies in a conversation are in order: once "after-1" is answered, any reply to dup-1 has arrived.
        var finals = new List<JsonElement>();
        while (finals.Count == 0 || finals[^1].GetProperty("inReplyTo").GetString() != "after-1")
        {
            finals.Add(await NextFinalReplyAsync(client));
        }

        Assert.True(first.GetProperty("accepted").GetBoolean());
        Assert.True(second.GetProperty("accepted").GetBoolean());
        Assert.Single(finals, r => r.GetProperty("inReplyTo").GetString() == "dup-1");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public async Task Send_EmptyText_ClearErrorReply(string text)
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await client.InvokeAsync("Join", null, 0);
        var ack = await client.InvokeAsync("Send", text, "e-1");
        var reply = await NextFinalReplyAsync(client);

        Assert.False(ack.GetProperty("accepted").GetBoolean());
        Assert.Contains("empty", ack.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(reply.GetProperty("error").GetBoolean());
        Assert.Equal("system", reply.GetProperty("source").GetString());
        Assert.Equal("e-1", reply.GetProperty("inReplyTo").GetString());
    }

    [Fact]
    public async Task Send_OverLimit_ClearErrorReplyThenStillWorks()
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await client.InvokeAsync("Join", null, 0);
        var ack = await client.InvokeAsync("Send", new string('x', 4001), "big-1");
        var error = await NextFinalReplyAsync(client);
        await client.InvokeAsync("Send", new string('y', 4000) + "?", "big-2"); // 4,001: still too long
        await NextFinalReplyAsync(client);
        await client.InvokeAsync("Send", "What is ChatHub?", "ok-1");
        var ok = await NextFinalReplyAsync(client);

        Assert.False(ack.GetProperty("accepted").GetBoolean());
        Assert.Contains("4,000", error.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok-1", ok.GetProperty("inReplyTo").GetString());
    }

    [Fact]
    public async Task Send_WithoutJoin_StartsConversationAndTellsToken()
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await client.InvokeAsync("Send", "What is ChatHub?", "nj-1");
        var session = (await client.NextAsync("Session"))[0];
        var reply = await NextFinalReplyAsync(client);

        Assert.False(string.IsNullOrEmpty(session.GetProperty("token").GetString()));
        Assert.Equal("nj-1", reply.GetProperty("inReplyTo").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Send_MissingClientMessageId_Rejected(string? id)
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await client.InvokeAsync("Join", null, 0);
        var ack = await client.InvokeAsync("Send", "hello", id);
        Assert.False(ack.GetProperty("accepted").GetBoolean());
        Assert.Contains("clientMessageId", ack.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_ForgedToken_StartsNewConversation()
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        var join = await client.InvokeAsync("Join", "c_AAAAAAAAAAAAAAAAAAAAAA.forged", 5);
        Assert.NotEqual("c_AAAAAAAAAAAAAAAAAAAAAA", join.GetProperty("conversationId").GetString());
        Assert.Equal(0, join.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task MalformedCalls_ErrorsButHubKeepsServing()
    {
        await using (var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress))
        {
            await Assert.ThrowsAsync<HubErrorException>(() => client.InvokeAsync("Send", new { nested = 1 }, 42));
            await Assert.ThrowsAsync<HubErrorException>(() => client.InvokeAsync("NoSuchMethod"));
            await Assert.ThrowsAsync<HubErrorException>(() => client.InvokeAsync("Join", "a", "not-a-number", "extra"));
            // The same connection still works after bad invocations.
            var ack = await client.InvokeAsync("Send", "What is ChatHub?", "after-bad");
            Assert.True(ack.GetProperty("accepted").GetBoolean());
        }

        // A frame that is not JSON closes that connection only.
        await using (var broken = await SignalRTestClient.ConnectAsync(_hub.BaseAddress))
        {
            await broken.SendFrameAsync("{this is not json");
            await broken.Closed.DefaultTimeout();
        }

        await using var healthy = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await healthy.InvokeAsync("Join", null, 0);
        await healthy.InvokeAsync("Send", "What is ChatHub?", "still-ok");
        Assert.Equal("still-ok", (await NextFinalReplyAsync(healthy)).GetProperty("inReplyTo").GetString());
    }

    [Fact]
    public async Task Send_ListedWordDisguised_BlockedWithNotice()
    {
        await using var user = await WebChatUser.JoinAsync(_hub.BaseAddress);
        var reply = await user.AskAsync("get FR33 c r y p t o now");
        Assert.Contains("can't answer that message", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ControlCharactersOnly_RejectedAsEmpty()
    {
        await using var client = await SignalRTestClient.ConnectAsync(_hub.BaseAddress);
        await client.InvokeAsync("Join", null, 0);
        var ack = await client.InvokeAsync("Send", "\u0000\u0007\u202E", "ctl-1");
        Assert.False(ack.GetProperty("accepted").GetBoolean());
    }
}
