using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.LlamaCpp.Native;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaLibraryTests(LlamaFixture fixture)
{
    [Fact]
    public void EnsureLoaded_LibrariesNextToTheTests_LoadsVersion050WithACpuBackend()
    {
        var info = LlamaLibrary.EnsureLoaded();

        Assert.Same(fixture.Library, info);
        Assert.StartsWith(LlamaLibrary.ExpectedVersion, info.Version, StringComparison.Ordinal);
        Assert.True(info.DeviceCount >= 1);
        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory), info.Directory);
    }

    [Theory]
    [InlineData("llama_model_default_params", LlamaModelParams.NativeSize)]
    [InlineData("llama_context_default_params", LlamaContextParams.NativeSize)]
    [InlineData("llama_model_quantize_default_params", LlamaModelQuantizeParams.NativeSize)]
    public void MeasureReturnedStruct_DefaultParams_MatchTheBindingsSize(string export, int expected)
    {
        var library = System.Runtime.InteropServices.NativeLibrary.Load(Path.Combine(fixture.Library.Directory, LlamaLibrary.LlamaFileName));

        Assert.Equal(expected, LlamaStructLayout.MeasureReturnedStruct(library, export));
    }

    [Fact]
    public void ContextDefaultParams_ReadThroughTheStruct_AreTheDocumentedDefaults()
    {
        var parameters = LlamaNative.ContextDefaultParams();

        Assert.Equal(512u, parameters.ContextSize);
        Assert.Equal(2048u, parameters.BatchSize);
        Assert.Equal(1u, parameters.MaxSequences);
        Assert.True(parameters.NoPerf);
        Assert.False(parameters.KvUnified);
    }

    [Fact]
    public void CheckFiles_EmptyFolder_ThrowsNamingTheMissingLibrariesAndTheFix()
    {
        var folder = fixture.TempPath("no-native");
        Directory.CreateDirectory(folder);

        var error = Assert.Throws<LlamaLibraryException>(() => LlamaLibrary.CheckFiles(folder));

        Assert.Contains(LlamaLibrary.LlamaFileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("libggml-cpu-*.so", error.Message, StringComparison.Ordinal);
        Assert.Contains("@node-llama-cpp/linux-x64@3.22.1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, LogLevel.Information, LogLevel.Error)]
    [InlineData(3, LogLevel.Information, LogLevel.Warning)]
    [InlineData(2, LogLevel.Information, LogLevel.Debug)]
    [InlineData(1, LogLevel.Information, LogLevel.Trace)]
    [InlineData(5, LogLevel.Warning, LogLevel.Warning)]
    [InlineData(5, LogLevel.Debug, LogLevel.Debug)]
    public void MapLevel_NativeLevels_MapToLoggerLevels(int native, LogLevel previous, LogLevel expected) =>
        Assert.Equal(expected, LlamaNativeLog.MapLevel(native, previous));
}
