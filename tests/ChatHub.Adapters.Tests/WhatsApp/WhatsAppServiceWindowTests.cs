using ChatHub.Adapters.WhatsApp;
using ChatHub.Adapters.WhatsApp.Egress;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.WhatsApp;

/// <summary>The customer-service window from the person's route (their last message on this number) and the reply's own question.</summary>
public sealed class WhatsAppServiceWindowTests
{
    private static readonly ConversationRef Conversation = new("whatsapp", "106540352242922", "16505551234");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryIdentityMap _identities;
    private readonly InMemoryRoutingTable _routes;
    private readonly WhatsAppServiceWindow _window;

    public WhatsAppServiceWindowTests()
    {
        var retention = Options.Create(new RetentionOptions());
        _identities = new InMemoryIdentityMap(retention, _time);
        _routes = new InMemoryRoutingTable(retention, _time);
        _window = new WhatsAppServiceWindow(_identities, _routes, Options.Create(new WhatsAppOptions { ServiceWindow = TimeSpan.FromHours(23) }), _time);
    }

    private static OutboundMessage Proactive(ConversationRef? to = null) =>
        new() { Id = "re_1", Conversation = to ?? Conversation, Kind = OutboundKind.Final, Text = "hello" };

    [Fact]
    public async Task IsOpen_PersonWroteAnHourAgo_True()
    {
        await WroteAsync(TimeSpan.FromHours(1));

        Assert.True(await _window.IsOpenAsync(Proactive(), CancellationToken.None).AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task IsOpen_PersonWroteLongerAgoThanTheWindow_False()
    {
        await WroteAsync(TimeSpan.FromHours(23) + TimeSpan.FromSeconds(1));

        Assert.False(await _window.IsOpenAsync(Proactive(), CancellationToken.None).AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task IsOpen_PersonNeverWrote_False()
    {
        Assert.False(await _window.IsOpenAsync(Proactive(), CancellationToken.None).AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task IsOpen_PersonWroteToAnotherNumberOfTheHub_False()
    {
        await WroteAsync(TimeSpan.FromMinutes(5));

        Assert.False(await _window.IsOpenAsync(Proactive(Conversation with { BotId = "999" }), CancellationToken.None).AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task IsOpen_ReplyToAQuestionAcceptedJustNow_TrueWithoutARoute()
    {
        var reply = Proactive() with { InboundAcceptedAt = _time.GetUtcNow() - TimeSpan.FromSeconds(3) };

        Assert.True(await _window.IsOpenAsync(reply, CancellationToken.None).AsTask().DefaultTimeout());
    }

    private async Task WroteAsync(TimeSpan ago)
    {
        var hubUser = await _identities.ResolveAsync(new PlatformIdentity("whatsapp", Conversation.ChatId), CancellationToken.None);
        await _routes.RecordAsync(hubUser, Conversation, _time.GetUtcNow(), CancellationToken.None);
        _time.Advance(ago);
    }
}
