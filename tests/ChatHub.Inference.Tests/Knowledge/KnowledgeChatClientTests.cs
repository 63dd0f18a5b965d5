using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Knowledge;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.Knowledge;

public sealed class KnowledgeChatClientTests
{
    private static readonly KnowledgeBase Base = KnowledgeBase.Parse("""
        ## How do I reset my conversation?
        Also: start over
        Send /reset.

        ## Which platforms are supported?
        Suggestions: How do I reset my conversation? | Is Slack supported?
        Telegram, Discord, Teams and the web widget.
        """);

    [Fact]
    public async Task GetResponseAsync_ConfidentMatch_AnswersFromKnowledgeWithoutInner()
    {
        var inner = new StubChatClient();
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());

        var response = await client.GetResponseAsync(Messages.Ask("how can I reset the conversation?")).DefaultTimeout();

        Assert.Equal("Send /reset.", response.Text);
        Assert.Equal(ReplySources.Knowledge, response.GetSource());
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_NoMatch_DelegatesToInner()
    {
        var inner = new StubChatClient("from the model", ReplySources.Model);
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());

        var response = await client.GetResponseAsync(Messages.Ask("tell me a joke about cats")).DefaultTimeout();

        Assert.Equal("from the model", response.Text);
        Assert.Equal(ReplySources.Model, response.GetSource());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_InnerWithoutSource_MarksModel()
    {
        var inner = new StubChatClient("unlabeled", source: null);
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());

        var response = await client.GetResponseAsync(Messages.Ask("tell me a joke")).DefaultTimeout();

        Assert.Equal(ReplySources.Model, response.GetSource());
    }

    [Fact]
    public async Task GetResponseAsync_InnerSystemSource_KeepsSystem()
    {
        var inner = new StubChatClient("fallback", ReplySources.System);
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());

        var response = await client.GetResponseAsync(Messages.Ask("tell me a joke")).DefaultTimeout();

        Assert.Equal(ReplySources.System, response.GetSource());
    }

    [Fact]
    public async Task GetResponseAsync_MultiTurn_AnswersLastUserMessage()
    {
        var inner = new StubChatClient();
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());
        var conversation = Messages.Conversation(
            (ChatRole.System, "You are ChatHub."),
            (ChatRole.User, "tell me a joke"),
            (ChatRole.Assistant, "No."),
            (ChatRole.User, "which platforms are supported?"));

        var response = await client.GetResponseAsync(conversation).DefaultTimeout();

        Assert.Equal("Telegram, Discord, Teams and the web widget.", response.Text);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_ThresholdAboveConfidence_Delegates()
    {
        var inner = new StubChatClient();
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions { MinConfidence = 1.0, MinScore = 0 });

        var response = await client.GetResponseAsync(Messages.Ask("reset my cat")).DefaultTimeout();

        Assert.Equal(ReplySources.Model, response.GetSource());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_NoUserMessage_Delegates()
    {
        var inner = new StubChatClient();
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, "start over")]).DefaultTimeout();

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConfidentMatch_YieldsKnowledgeUpdate()
    {
        var inner = new StubChatClient();
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("Start over")).ToListWithTimeoutAsync();

        Assert.Equal("Send /reset.", updates.ToChatResponse().Text);
        Assert.All(updates, update => Assert.Equal(ReplySources.Knowledge, update.GetSource()));
        Assert.Equal(ReplySources.Knowledge, updates.ToChatResponse().GetSource());
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoMatch_StreamsInnerWithSource()
    {
        var inner = new StubChatClient("model text", source: null);
        using var client = new KnowledgeChatClient(inner, Base, new KnowledgeOptions());

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("a joke please")).ToListWithTimeoutAsync();

        Assert.Equal("model text", updates.ToChatResponse().Text);
        Assert.All(updates, update => Assert.Equal(ReplySources.Model, update.GetSource()));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_EntryWithSuggestions_CarriesThem()
    {
        using var client = new KnowledgeChatClient(new StubChatClient(), Base, new KnowledgeOptions());

        var withSuggestions = await client.GetResponseAsync(Messages.Ask("Which platforms are supported?")).DefaultTimeout();
        var without = await client.GetResponseAsync(Messages.Ask("start over")).DefaultTimeout();

        Assert.Equal(["How do I reset my conversation?", "Is Slack supported?"], withSuggestions.AdditionalProperties.GetSuggestions());
        Assert.Empty(without.AdditionalProperties.GetSuggestions());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EntryWithSuggestions_LastUpdateCarriesThem()
    {
        using var client = new KnowledgeChatClient(new StubChatClient(), Base, new KnowledgeOptions());

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("Which platforms are supported?")).ToListWithTimeoutAsync();

        Assert.Equal(["How do I reset my conversation?", "Is Slack supported?"], updates[^1].AdditionalProperties.GetSuggestions());
    }
}
