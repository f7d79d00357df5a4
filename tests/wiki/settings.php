<?php
# Overrides for the throwaway test wiki that tests/wiki/wiki.sh builds.
# wiki.sh copies this file into the wiki's directory and requires it at the
# end of the LocalSettings.php that install.php generated, so everything
# here wins over the installer's choices and over Debian's
# includes/PlatformSettings.php (which points caches and logs under /var).
# wiki.sh appends the hook for DIR/extra.php (per-test overrides) after
# the require of this file.

if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}

# The directory holding LocalSettings.php: everything the wiki writes stays
# under it, so two wikis never share state and "rm -rf DIR" cleans up.
$wikiDir = __DIR__;

# Debian's PlatformSettings.php puts these in /var/cache and /var/log.
$wgCacheDirectory = "$wikiDir/cache";
$wgUploadDirectory = "$wikiDir/images";
$wgTmpDirectory = "$wikiDir/tmp";
$wgDBerrorLog = "$wikiDir/log/dberror.log";
$wgDebugLogFile = '';
$wgDebugLogGroups = [
	'exception' => "$wikiDir/log/exception.log",
	'error' => "$wikiDir/log/error.log",
	'fatal' => "$wikiDir/log/fatal.log",
];
# Store the localisation cache as PHP arrays in DIR/cache: the installer
# asked for an SQLite store, which every request would have to lock and
# read; plain PHP files are quicker and opcache-friendly.
$wgLocalisationCacheConf['store'] = 'array';
$wgLocalisationCacheConf['storeDirectory'] = "$wikiDir/cache";

# No object caching: a test must see the database as it is, not a stale
# copy.  Sessions still need a store that survives between requests.
$wgMainCacheType = CACHE_NONE;
$wgParserCacheType = CACHE_NONE;
$wgMessageCacheType = CACHE_NONE;
$wgLanguageConverterCacheType = CACHE_NONE;
$wgSessionCacheType = CACHE_DB;

# php -S serves one request at a time; running queued jobs at the end of
# API requests would only add latency and SQLite lock contention.  A test
# that needs them can run "wiki.sh php DIR runJobs.php".
$wgJobRunRate = 0;

# Look as Meta-Wiki does: its skin, and the parser functions its pages
# (and etc/wiki/Template-WikiGap_event.wiki) rely on.  install.php ran
# with no skin, so without this every page starts with a "Whoops! The
# default skin ... is not available" box.  Debian's mediawiki package
# ships both.
wfLoadSkin( 'Vector' );
$wgDefaultSkin = 'vector-2022';
wfLoadExtension( 'ParserFunctions' );
# MediaWiki's own logo, not the installer's "Set $wgLogos" placeholder
# (the Quick start's screenshot shows it).
$wgLogos = [
	'1x' => "$wgResourceBasePath/resources/assets/mediawiki.png",
	'icon' => "$wgResourceBasePath/resources/assets/mediawiki.png",
];

$wgEnableUploads = false;
$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgPingback = false;
$wgShowExceptionDetails = true;

# Only logged-in accounts may edit; nobody may sign up.
$wgGroupPermissions['*']['edit'] = false;
$wgGroupPermissions['*']['createpage'] = false;
$wgGroupPermissions['*']['createtalk'] = false;
$wgGroupPermissions['*']['createaccount'] = false;

# SyncBot writes many pages in a row; the default edit limit (90 per
# minute for users) would make tests slow and flaky.  A test that wants to
# see rate limiting unsets this in extra.php.
$wgGroupPermissions['bot']['noratelimit'] = true;
$wgEnableBotPasswords = true;
