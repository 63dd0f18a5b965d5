using ChatHub.Inference.Abstractions;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.Abstractions;

public sealed class ChatHubResponsePropertiesTests
{
    [Fact]
    public void WithSource_Response_StoresUnderSourceKey()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")).WithSource(ReplySources.Knowledge);

        Assert.Equal(ReplySources.Knowledge, response.GetSource());
        Assert.Equal(ReplySources.Knowledge, response.AdditionalProperties![ChatHubResponseProperties.SourceKey]);
        Assert.Equal("chathub.source", ChatHubResponseProperties.SourceKey);
    }

    [Fact]
    public void GetSource_NoProperties_ReturnsNull()
    {
        Assert.Null(new ChatResponse().GetSource());
        Assert.Null(new ChatResponseUpdate().GetSource());
    }

    [Fact]
    public void WithSource_Update_SurvivesToChatResponse()
    {
        ChatResponseUpdate[] updates =
        [
            new ChatResponseUpdate(ChatRole.Assistant, "Hel").WithSource(ReplySources.Model),
            new ChatResponseUpdate(ChatRole.Assistant, "lo").WithSource(ReplySources.Model),
        ];

        var response = updates.ToChatResponse();

        Assert.Equal("Hello", response.Text);
        Assert.Equal(ReplySources.Model, response.GetSource());
    }

    [Fact]
    public void WithSource_Overwrites_PreviousSource()
    {
        var update = new ChatResponseUpdate().WithSource(ReplySources.Model).WithSource(ReplySources.Cache);

        Assert.Equal(ReplySources.Cache, update.GetSource());
    }

    [Theory]
    [InlineData(ReplySources.Cache, "cache")]
    [InlineData(ReplySources.Knowledge, "knowledge")]
    [InlineData(ReplySources.Model, "model")]
    [InlineData(ReplySources.System, "system")]
    public void ReplySources_Constants_HaveWireValues(string constant, string expected) => Assert.Equal(expected, constant);
}
