using ChatHub.Hub.ModelStage;
using ChatHub.Inference.OpenAiCompatible;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Tests.Images;

/// <summary>Only an OpenAI-compatible backend marked as a vision model is sent pictures; llama.cpp and no model never are.</summary>
public sealed class HubModelImageSupportTests
{
    [Theory]
    [InlineData(null, false, false)] // no OpenAI-compatible endpoint: llama.cpp (Inference:Model:Path) or the model-less fallback
    [InlineData(null, true, false)] // the flag alone does not make a backend
    [InlineData("http://127.0.0.1:8000/v1", false, false)]
    [InlineData("http://127.0.0.1:8000/v1", true, true)]
    public void AcceptsImages_OnlyForAVisionOpenAiBackend(string? endpoint, bool vision, bool accepts)
    {
        var options = new OpenAiCompatibleOptions { Endpoint = endpoint is null ? null : new Uri(endpoint), Vision = vision };

        Assert.Equal(accepts, new HubModelImageSupport(Options.Create(options)).AcceptsImages);
    }
}
