using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.SignalR;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>Without an operators' chat nobody is promised a person: /human and the model's handoff tool say so.</summary>
public sealed class HandoffNotConfiguredTests : IAsyncLifetime
{
    private const string NoOne = "No one from the team can be reached here, sorry. I will keep helping as well as I can.";
    private readonly HandoffChatClient _model = new();
    private HubServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await HubServer.StartAsync(configure: b => b.Services.AddSingleton<IChatClient>(_model));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HumanAndModelHandoff_NoOperatorsChat_PersonToldNoOneCanBeReached()
    {
        await using var person = await WebChatUser.JoinAsync(_server.BaseAddress);

        Assert.Equal(NoOne, await person.AskAsync("/human"));
        Assert.Equal(NoOne, await person.AskAsync(HandoffChatClient.AskForHuman));
        Assert.Equal("(bot heard: still here?)", await person.AskAsync("still here?")); // the bot keeps answering
        Assert.StartsWith("I don't know the command /reply", await person.AskAsync("/reply ABCDE hi"), StringComparison.Ordinal);
    }
}
