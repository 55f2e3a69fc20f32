"""Configuration files a service reads (Spring, .env, appsettings, config-server repos) and the calls they declare."""
