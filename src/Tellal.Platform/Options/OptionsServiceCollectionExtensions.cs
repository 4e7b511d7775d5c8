using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tellal.Platform.Options;

public static class OptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds an options record to a configuration section (e.g. <c>Tellal:Messaging</c>, or the environment
    /// variables <c>Tellal__Messaging__*</c>), validates its data annotations when the host starts and
    /// records the section for <c>tellal config</c>.
    /// </summary>
    public static IServiceCollection AddTellalOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new RecursiveOptionsValidator<TOptions>(section));
        services.TryAddSingleton(new TellalOptionsRegistry());
        var registry = (TellalOptionsRegistry)services.Single(d => d.ServiceType == typeof(TellalOptionsRegistry)).ImplementationInstance!;
        registry.Add(section, typeof(TOptions));
        return services;
    }

    public static TOptions GetTellalOptions<TOptions>(this IConfiguration configuration, string section)
        where TOptions : class, new() =>
        configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
}
