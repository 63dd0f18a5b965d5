using System.Net;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.WhatsApp;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>
/// Suggested replies round trip on the hub with the fake Cloud API: a knowledge answer's suggestions make its message
/// a list (rows within WhatsApp's limits, which the fake enforces), a choice from the list (<c>list_reply</c>) is asked
/// as the person's message; a reply id that is not one of the hub's rows is ignored.
/// </summary>
public sealed class WhatsAppSuggestionTests : IClassFixture<WhatsAppHubFixture>
{
    private readonly WhatsAppHub _hub;

    public WhatsAppSuggestionTests(WhatsAppHubFixture fixture) => _hub = fixture.Hub;

    [Fact]
    public async Task Answer_WithSuggestions_AListWhoseChoiceIsAskedAsThePersonsMessage()
    {
        var person = WhatsAppHub.NextWaId();
        var asked = KnowledgeEntries.Entry("What is ChatHub?");
        var chosen = KnowledgeEntries.Entry(asked.Suggestions[0]);

        using var question = await _hub.SendTextAsync(person, WhatsAppHub.NextMessageId(), "What is ChatHub?");
        var answer = Assert.Single(await _hub.Api.WaitForDeliveredAsync(person).DefaultTimeout());

        Assert.Equal("interactive", answer.Type);
        Assert.Equal(asked.Suggestions, answer.Rows.Select(r => r.Description ?? r.Title));
        Assert.All(answer.Rows, r => Assert.True(r.Title.Length <= 24));

        // The answer's wamid is what the fake returned; a list reply quotes it.
        var row = answer.Rows[0];
        var choice = WhatsAppHub.NextMessageId();
        var body = WhatsAppNotifications.ListReply(WhatsAppHub.PhoneNumberId, person, choice, row.Id, row.Title, contextId: "wamid.the-answer");
        using var response = await _hub.PostAsync(body);
        var reply = (await _hub.Api.WaitForDeliveredAsync(person, count: 2).DefaultTimeout())[1];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(choice, reply.ReplyTo);
        var inbound = Assert.Single(_hub.Bus.Inbound, m => m.PlatformMessageId == choice);
        Assert.Equal(chosen.Question, inbound.Text);
        Assert.Equal("wamid.the-answer", inbound.ReplyToPlatformMessageId);
    }

    [Theory]
    [InlineData("x:What is ChatHub?")]
    [InlineData("s:")]
    public async Task ListReply_NotOneOfTheHubsRows_AcknowledgedAndNotAsked(string rowId)
    {
        var person = WhatsAppHub.NextWaId();
        var choice = WhatsAppHub.NextMessageId();

        using var response = await _hub.PostAsync(WhatsAppNotifications.ListReply(WhatsAppHub.PhoneNumberId, person, choice, rowId, "What is…", "wamid.x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.PlatformMessageId == choice);
    }
}
