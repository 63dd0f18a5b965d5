using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Fallback;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.Fallback;

public sealed class FallbackChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_AnyQuestion_RepliesPolitelyWithHelpAndSystemSource()
    {
        using var client = new FallbackChatClient();

        var response = await client.GetResponseAsync(Messages.Ask("what is the meaning of life")).DefaultTimeout();

        Assert.Equal(FallbackChatClient.DefaultReply, response.Text);
        Assert.Contains("/help", response.Text, StringComparison.Ordinal);
        Assert.Equal(ReplySources.System, response.GetSource());
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AnyQuestion_YieldsReplyWithSystemSource()
    {
        using var client = new FallbackChatClient("Custom reply.");

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("?")).ToListWithTimeoutAsync();

        Assert.Equal("Custom reply.", updates.ToChatResponse().Text);
        Assert.All(updates, update => Assert.Equal(ReplySources.System, update.GetSource()));
    }

    [Fact]
    public async Task GetResponseAsync_CanceledToken_Throws()
    {
        using var client = new FallbackChatClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.GetResponseAsync(Messages.Ask("x"), cancellationToken: new CancellationToken(canceled: true))).DefaultTimeout();
    }

    [Fact]
    public void GetService_Metadata_ReturnsProviderName()
    {
        using var client = new FallbackChatClient();

        Assert.Equal("chathub-fallback", client.GetService<ChatClientMetadata>()?.ProviderName);
        Assert.Same(client, client.GetService<FallbackChatClient>());
        Assert.Null(client.GetService<FallbackChatClient>("key"));
    }
}
