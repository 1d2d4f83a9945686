# Multi-stage: the SDK image builds and publishes, the smaller ASP.NET runtime image runs it as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Node.js lets the build fetch the chart library from the npm registry.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
COPY global.json Directory.Build.props Directory.Packages.props XpFlywheel.Web.csproj ./
COPY src/Core/XpFlywheel.Core.csproj src/Core/
RUN dotnet restore XpFlywheel.Web.csproj
COPY . .
RUN dotnet publish XpFlywheel.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Default="Data Source=/app/data/xpflywheel.db" \
    DataProtection__KeysFolder=/app/data/keys
EXPOSE 8080
VOLUME ["/app/data"]
ENTRYPOINT ["dotnet", "XpFlywheel.Web.dll"]
